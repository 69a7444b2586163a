using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// The nets DP-SGD trains here: <c>samplecnn</c>, Opacus's SampleConvNet for 28×28 images (its MNIST example), and
/// <c>gncnn</c>, three 3×3 convolutions with GroupNorm for any image size (the CIFAR-10 subset). The BatchNorm nets of the
/// other experiments are refused: BatchNorm normalises each example by statistics of the whole batch, so an example's
/// gradient depends on the others and per-example clipping — DP-SGD's guarantee — does not hold.
/// </summary>
public static class DpModels
{
    public static readonly string[] Names = ["samplecnn", "gncnn"];
    static readonly string[] BatchNormNets = ["smallcnn", "preresnet20", "preresnet32"];

    public static PerExampleNet Create(string name, int channels, int height, int width, int classes, long seed, ScalarType dtype = ScalarType.Float32)
    {
        if (BatchNormNets.Contains(name))
            throw new ArgumentException($"{name} uses BatchNorm, which mixes the examples of a batch: per-example gradients, and with them DP-SGD's " +
                                        "guarantee, do not exist for it; use gncnn (GroupNorm) or samplecnn");
        return name switch
        {
            "samplecnn" => SampleConvNet(channels, height, width, classes, seed, dtype),
            "gncnn" => GroupNormCnn(channels, height, width, classes, seed, dtype),
            _ => throw new ArgumentException($"unknown model '{name}' for DP-SGD: expected one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>Opacus's SampleConvNet: conv 16@8×8/2 (padding 3), ReLU, max-pool 2/1, conv 32@4×4/2, ReLU, max-pool 2/1, 32 units, ReLU, classes.</summary>
    static PerExampleNet SampleConvNet(int channels, int height, int width, int classes, long seed, ScalarType dtype)
    {
        if ((height, width) != (28, 28)) throw new ArgumentException($"samplecnn takes 28×28 images (MNIST, Fashion-MNIST), not {height}×{width}; use gncnn");
        return new PerExampleNet("samplecnn", [
            new DpConv2d(channels, 16, 8, stride: 2, padding: 3, dtype), new DpRelu(), new DpMaxPool(2, 1),
            new DpConv2d(16, 32, 4, stride: 2, padding: 0, dtype), new DpRelu(), new DpMaxPool(2, 1),
            new DpFlatten(), new DpLinear(32 * 4 * 4, 32, dtype), new DpRelu(), new DpLinear(32, classes, dtype)], seed);
    }

    /// <summary>Three blocks of conv 3×3 (32, 64, 64 channels), GroupNorm (4 groups), ReLU, max-pool 2/2; then a linear read-out.</summary>
    static PerExampleNet GroupNormCnn(int channels, int height, int width, int classes, long seed, ScalarType dtype)
    {
        var stages = new List<DpLayer>();
        int c = channels, h = height, w = width;
        foreach (int next in new[] { 32, 64, 64 })
        {
            stages.AddRange([new DpConv2d(c, next, 3, stride: 1, padding: 1, dtype), new DpGroupNorm(4, next, dtype), new DpRelu(), new DpMaxPool(2, 2)]);
            (c, h, w) = (next, h / 2, w / 2);
        }
        if (h < 1 || w < 1) throw new ArgumentException($"gncnn needs images of at least 8×8, got {height}×{width}");
        stages.AddRange([new DpFlatten(), new DpLinear(c * h * w, classes, dtype)]);
        return new PerExampleNet("gncnn", stages, seed);
    }
}
