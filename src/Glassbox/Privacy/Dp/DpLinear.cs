using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>A fully connected layer y = xWᵀ + b; per example ∂W = g xᵀ, ∂b = g.</summary>
public sealed class DpLinear : DpLayer
{
    readonly Linear linear;

    public DpLinear(long inputs, long outputs, ScalarType dtype) : base(nameof(DpLinear))
    {
        linear = nn.Linear(inputs, outputs, hasBias: true, dtype: dtype);
        RegisterComponents();
    }

    public override IReadOnlyList<Parameter> Weights => [linear.weight!, linear.bias!];

    public override Tensor forward(Tensor x) => linear.forward(x);

    public override Tensor[] PerExample(Tensor input, Tensor outputGradient) =>
        [torch.einsum("no,ni->noi", outputGradient, input), outputGradient.clone()];
}
