using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// Group normalisation (Wu &amp; He 2018): each example's channels, in groups, normalised by that example's own mean and
/// variance — so, unlike BatchNorm, examples stay independent — then a per-channel scale and shift. Per example:
/// ∂scale_c = Σ_hw g·x̂, ∂shift_c = Σ_hw g.
/// </summary>
public sealed class DpGroupNorm : DpLayer
{
    readonly long _groups;
    readonly double _epsilon;
    readonly Parameter scale, shift;

    public DpGroupNorm(long groups, long channels, ScalarType dtype, double epsilon = 1e-5) : base(nameof(DpGroupNorm))
    {
        if (groups < 1 || channels % groups != 0) throw new ArgumentException($"{channels} channels do not split into {groups} groups");
        (_groups, _epsilon) = (groups, epsilon);
        scale = nn.Parameter(torch.ones(channels, dtype: dtype));
        shift = nn.Parameter(torch.zeros(channels, dtype: dtype));
        RegisterComponents();
    }

    public override IReadOnlyList<Parameter> Weights => [scale, shift];

    Tensor Normalised(Tensor x) => nn.functional.group_norm(x, _groups, null, null, _epsilon);

    public override Tensor forward(Tensor x) => Normalised(x) * scale.reshape(1, -1, 1, 1) + shift.reshape(1, -1, 1, 1);

    public override Tensor[] PerExample(Tensor input, Tensor outputGradient) =>
        [(outputGradient * Normalised(input)).sum([2, 3]), outputGradient.sum([2, 3])];
}
