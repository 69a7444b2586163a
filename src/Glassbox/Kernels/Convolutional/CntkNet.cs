using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// The finite convolutional net whose infinite-channel limit is <see cref="CntkArchitecture"/>'s kernel, in NTK
/// parameterisation (standard normal weights, the scale in the forward pass, no biases): a 3×3 convolution of the raw channels
/// (unscaled, as the recursion's Σ_c x_c x′_c), then d − 2 times ReLU and a 3×3 convolution scaled by √(2/(9·C)), then ReLU and a
/// readout scaled by √(2/(9·C)) — of the pixel average of each channel (GAP) or of every pixel (flatten). With c_σ = 2 the
/// ReLU's E[φ(u)φ(u′)] is the arc-cosine kernel over π, and the 1/9 of the fan-in is the recursion's 9π. With fix, the first
/// convolution and the readout are frozen.
/// </summary>
public sealed class CntkNet : nn.Module<Tensor, Tensor>
{
    readonly List<Parameter> convolutions = [];
    readonly Parameter readout;
    readonly bool pooled;
    readonly int hidden;

    public CntkNet(CntkArchitecture architecture, int channels, int height, int width, int hiddenChannels, ScalarType dtype = ScalarType.Float64)
        : base(nameof(CntkNet))
    {
        if (architecture.Readout is CntkReadout.Lap || architecture.Flip)
            throw new ArgumentException($"{architecture}: the finite net is built for flatten or GAP readouts without flips");
        architecture.Validate(height, width);
        hidden = hiddenChannels;
        pooled = architecture.Readout is CntkReadout.Gap;
        for (int layer = 0; layer < architecture.Depth - 1; layer++)
        {
            var w = new Parameter(randn(hiddenChannels, layer == 0 ? channels : hiddenChannels, 3, 3, dtype: dtype),
                requires_grad: !(architecture.Fix && layer == 0));
            convolutions.Add(w);
            register_parameter($"conv{layer}", w);
        }
        readout = new Parameter(randn(1, pooled ? hiddenChannels : hiddenChannels * height * width, dtype: dtype), requires_grad: !architecture.Fix);
        register_parameter("readout", readout);
    }

    /// <summary>One output per image of a [N, C, H, W] batch, shape [N].</summary>
    public override Tensor forward(Tensor images)
    {
        double scale = Math.Sqrt(2.0 / (9.0 * hidden));
        Tensor h = nn.functional.conv2d(images, convolutions[0], padding: [1, 1]);
        for (int layer = 1; layer < convolutions.Count; layer++)
            h = nn.functional.conv2d(nn.functional.relu(h), convolutions[layer], padding: [1, 1]).mul(scale);
        Tensor features = nn.functional.relu(h);
        features = pooled ? features.mean([2, 3]) : features.flatten(1);
        return features.matmul(readout.T).squeeze(1).mul(scale);
    }

    /// <summary>The empirical tangent kernel over the trained parameters, row-major n×n (<see cref="EmpiricalNtk"/>).</summary>
    public double[] TangentKernel(Tensor images) => EmpiricalNtk.Gram(this, images);
}
