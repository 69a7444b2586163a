using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Glassbox.Training.Models;

/// <summary>
/// Pre-activation ResNet for 3×32×32 images, depth 6k + 2 (20 → k = 3, 32 → k = 5): stem conv3×3 → 16, three
/// stages of k <see cref="PreActBlock"/>s with 16, 32, 64 channels (stride 2 at the start of stages 2 and 3),
/// then BN → ReLU → global average pool → fixed linear(64 → classes), uniform on ±readoutBound. Scale invariant: see <see cref="ScaleInvariantNet"/>.
/// </summary>
public sealed class PreResNet : ScaleInvariantNet
{
    readonly Conv2d conv1;
    readonly Sequential layer1, layer2, layer3;
    readonly AffineFreeBatchNorm2d bn;
    readonly Linear linear;

    public PreResNet(int depth, int classes, long seed, ScalarType dtype = ScalarType.Float32, double bnEpsilon = 1e-5,
        double readoutBound = DefaultReadoutBound)
        : base(nameof(PreResNet), classes)
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "a PreResNet has depth 6k + 2 with k ≥ 1 (8, 14, 20, 32, 44, 56, 110, …)");
        Depth = depth;
        int blocks = (depth - 2) / 6;
        conv1 = Layers.Conv3x3(3, 16, 1, dtype);
        layer1 = Stage(16, 16, blocks, 1, dtype, bnEpsilon);
        layer2 = Stage(16, 32, blocks, 2, dtype, bnEpsilon);
        layer3 = Stage(32, 64, blocks, 2, dtype, bnEpsilon);
        bn = Layers.BatchNorm(64, bnEpsilon, dtype);
        linear = Layers.FixedLinear(64, classes, dtype);
        RegisterComponents();
        Initialise(seed, CheckReadoutBound(readoutBound));
    }

    public int Depth { get; }

    static Sequential Stage(long inChannels, long outChannels, int blocks, long stride, ScalarType dtype, double bnEpsilon) =>
        nn.Sequential(Enumerable.Range(0, blocks)
            .Select(i => (nn.Module<Tensor, Tensor>)new PreActBlock(i == 0 ? inChannels : outChannels, outChannels, i == 0 ? stride : 1, dtype, bnEpsilon))
            .ToArray());

    public override Tensor forward(Tensor x)
    {
        Tensor h = layer3.forward(layer2.forward(layer1.forward(conv1.forward(x))));
        return linear.forward(F.relu(bn.forward(h)).mean([2, 3]));
    }
}
