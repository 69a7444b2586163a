using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional.Layers;

/// <summary>
/// A 3×3 convolution, stride 1, zero padding, no bias, in NTK parameterisation. Kernel: S′[p, p′] = Σ_δ S[p + δ, p′ + δ] over the
/// nine offsets δ (zero outside the image, no 1/9 — the ReLU step carries it), the same for T and for the pixel variances. The
/// first convolution reads the raw channels: its weights enter T as S itself (T = S after it), or not at all when frozen
/// (<paramref name="Trainable"/> false, the authors' fix); its module is unscaled, as the recursion's Σ_c x_c x′_c is a sum.
/// Later convolutions scale by 1/√C_in (the ReLU before them carries √(2/9)).
/// </summary>
public sealed record Conv(bool First, bool Trainable = true) : IConvKernelLayer
{
    public ConvKernelState Apply(ConvKernelState state)
    {
        Tensor s = Box(state.Nngp, pairDims: true);
        Tensor t = First ? (Trainable ? s : zeros_like(s)) : Box(state.Ntk, pairDims: true);
        return state with { Nngp = s, Ntk = t, Var1 = Box(state.Var1, pairDims: false), Var2 = Box(state.Var2, pairDims: false) };
    }

    /// <summary>Σ over the nine offsets, applied to both pixels of a pair ([.., H, W, H, W]) or to one pixel ([.., H, W]).</summary>
    internal static Tensor Box(Tensor x, bool pairDims)
    {
        long h = x.shape[^2], w = x.shape[^1];
        Tensor padded = nn.functional.pad(x, pairDims ? [1, 1, 1, 1, 1, 1, 1, 1] : [1, 1, 1, 1]);
        Tensor sum = zeros_like(x);
        int d = (int)x.dim();
        for (int dh = 0; dh < 3; dh++)
            for (int dw = 0; dw < 3; dw++)
            {
                Tensor shifted = pairDims
                    ? padded.narrow(d - 4, dh, h).narrow(d - 3, dw, w).narrow(d - 2, dh, h).narrow(d - 1, dw, w)
                    : padded.narrow(d - 2, dh, h).narrow(d - 1, dw, w);
                sum.add_(shifted);
            }
        return sum;
    }

    public (nn.Module<Tensor, Tensor> Module, int OutChannels) Build(int inChannels, int width) =>
        (new ConvModule(inChannels, width, First ? 1.0 : 1.0 / Math.Sqrt(inChannels), Trainable), width);

    sealed class ConvModule : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly double scale;

        public ConvModule(int inChannels, int outChannels, double scale, bool trainable) : base(nameof(Conv))
        {
            weight = new Parameter(randn(outChannels, inChannels, 3, 3, dtype: ScalarType.Float64), requires_grad: trainable);
            this.scale = scale;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            Tensor y = nn.functional.conv2d(x, weight.to_type(x.dtype), padding: [1, 1]);
            return scale == 1.0 ? y : y.mul(scale);
        }
    }
}
