using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Glassbox.Training.Models;

/// <summary>
/// A small net for 1×28×28 images (MNIST, Fashion-MNIST): conv3×3(1 → 32) → BN → ReLU → conv3×3(32 → 64,
/// stride 2) → BN → ReLU → conv3×3(64 → 64, stride 2) → BN → ReLU → global average pool → fixed
/// linear(64 → classes), uniform on ±readoutBound. Scale invariant: see <see cref="ScaleInvariantNet"/>.
/// </summary>
public sealed class SmallCnn : ScaleInvariantNet
{
    readonly Conv2d conv1, conv2, conv3;
    readonly AffineFreeBatchNorm2d bn1, bn2, bn3;
    readonly Linear linear;

    public SmallCnn(int classes, long seed, ScalarType dtype = ScalarType.Float32, double bnEpsilon = 1e-5,
        double readoutBound = DefaultReadoutBound)
        : base(nameof(SmallCnn), classes)
    {
        conv1 = Layers.Conv3x3(1, 32, 1, dtype);
        bn1 = Layers.BatchNorm(32, bnEpsilon, dtype);
        conv2 = Layers.Conv3x3(32, 64, 2, dtype);
        bn2 = Layers.BatchNorm(64, bnEpsilon, dtype);
        conv3 = Layers.Conv3x3(64, 64, 2, dtype);
        bn3 = Layers.BatchNorm(64, bnEpsilon, dtype);
        linear = Layers.FixedLinear(64, classes, dtype);
        RegisterComponents();
        Initialise(seed, CheckReadoutBound(readoutBound));
    }

    public override Tensor forward(Tensor x)
    {
        Tensor h = F.relu(bn1.forward(conv1.forward(x)));
        h = F.relu(bn2.forward(conv2.forward(h)));
        h = F.relu(bn3.forward(conv3.forward(h)));
        return linear.forward(h.mean([2, 3]));
    }
}
