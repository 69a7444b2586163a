using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Glassbox.Tests.Training;

/// <summary>
/// conv 3×3 (no bias) → affine-free BatchNorm → ReLU → global average pool → fixed linear: scale-invariant in
/// the conv weights, the only trained parameter. Weights come from System.Random(seed), not torch's global generator,
/// so tests running side by side build the same net.
/// </summary>
internal sealed class TinyNet : Module<Tensor, Tensor>
{
    readonly Conv2d conv;
    readonly Glassbox.Training.Models.AffineFreeBatchNorm2d norm;
    readonly Linear head;

    public TinyNet(int channels, int classes, int seed, ScalarType dtype, double bnEpsilon = 1e-5) : base(nameof(TinyNet))
    {
        conv = Conv2d(channels, 4, 3, padding: 1, bias: false, dtype: dtype);
        norm = new Glassbox.Training.Models.AffineFreeBatchNorm2d(4, bnEpsilon, dtype);
        head = Linear(4, classes, dtype: dtype);
        RegisterComponents();
        var random = new Random(seed);
        using var noGrad = torch.no_grad();
        foreach (var (_, p) in named_parameters())
        {
            double[] values = Enumerable.Range(0, (int)p.NumberOfElements).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            using var source = torch.tensor(values, p.shape);
            p.copy_(source);
        }
        head.weight!.requires_grad = false;
        head.bias!.requires_grad = false;
    }

    public IReadOnlyList<Parameter> Trained => [conv.weight!];

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return head.call(functional.adaptive_avg_pool2d(functional.relu(norm.call(conv.call(input))), 1).flatten(1)).MoveToOuterDisposeScope();
    }
}
