using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Training.Models;

/// <summary>The layers scale-invariant nets are built from: bias-free convolutions, affine-free batch norm, a frozen readout.</summary>
internal static class Layers
{
    /// <summary>A 3×3 convolution, padding 1 and no bias (a bias would not scale with the weight).</summary>
    public static Conv2d Conv3x3(long inChannels, long outChannels, long stride, ScalarType dtype) =>
        nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false, dtype: dtype);

    /// <summary>A 1×1 projection (the shortcut when the shape changes), no bias.</summary>
    public static Conv2d Conv1x1(long inChannels, long outChannels, long stride, ScalarType dtype) =>
        nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false, dtype: dtype);

    /// <summary>Batch norm with weight 1 and bias 0 fixed (affine = false): a trained γ would not scale with the convolutions.</summary>
    public static AffineFreeBatchNorm2d BatchNorm(long channels, double eps, ScalarType dtype) => new(channels, eps, dtype);

    /// <summary>A linear layer frozen at its initial value: trained, it would see normalised inputs and break the invariance.</summary>
    public static Linear FixedLinear(long inFeatures, long outFeatures, ScalarType dtype)
    {
        var linear = nn.Linear(inFeatures, outFeatures, dtype: dtype);
        foreach (var p in linear.parameters()) p.requires_grad = false;
        return linear;
    }
}
