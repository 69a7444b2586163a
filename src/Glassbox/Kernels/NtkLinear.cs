using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// A linear layer in NTK parameterisation: parameters are standard normal and the scale lives
/// in the forward pass, y = (σ_w/√fan_in)·x Wᵀ + σ_b·b. Under gradient descent this is the
/// parameterisation whose infinite-width limit has the constant tangent kernel of <see cref="Dense"/>.
/// A layer reading raw inputs is not normalised by its fan-in (see <see cref="LayerInput"/>).
/// </summary>
public sealed class NtkLinear : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter bias;
    readonly double weightScale, biasStd;

    public NtkLinear(int inFeatures, int outFeatures, double weightStd, double biasStd, bool normaliseByFanIn = true)
        : base(nameof(NtkLinear))
    {
        weight = new Parameter(randn(outFeatures, inFeatures, dtype: ScalarType.Float64));
        bias = new Parameter(randn(outFeatures, dtype: ScalarType.Float64));
        weightScale = normaliseByFanIn ? weightStd / Math.Sqrt(inFeatures) : weightStd;
        this.biasStd = biasStd;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor y = x.matmul(weight.T).mul(weightScale);
        return biasStd == 0 ? y : y.add(bias, alpha: biasStd);
    }
}
