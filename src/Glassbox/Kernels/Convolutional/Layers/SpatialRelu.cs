using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional.Layers;

/// <summary>
/// ReLU on every pixel, scaled by √(2/9) in the finite net (c_σ = 2, and the 1/9 of a 3×3 fan-in, which the convolution that
/// follows does not carry). Kernel, with the pixel diagonals Lx(p) = √Var1[p], Lz(p′) = √Var2[p′] and ρ = S/(Lx Lz):
/// S′ = (ρ(π − arccos ρ) + √(1 − ρ²))·Lx Lz/(9π), Ṡ = (π − arccos ρ)/(9π), T′ = T⊙Ṡ + S′ (the next layer's weights), Var′ = Var/9.
/// </summary>
public sealed record SpatialRelu : IConvKernelLayer
{
    public ConvKernelState Apply(ConvKernelState state)
    {
        long n1 = state.Var1.shape[0], n2 = state.Var2.shape[0], h = state.Var1.shape[1], w = state.Var1.shape[2];
        Tensor lx = state.Var1.sqrt().reshape(n1, 1, h, w, 1, 1), lz = state.Var2.sqrt().reshape(1, n2, 1, 1, h, w);
        Tensor norm = lx * lz;
        // A zero pixel variance (a zero image) has S = 0 there: ρ = 0 keeps S′ = 0.
        Tensor rho = where(norm > 0, state.Nngp / norm.clamp_min(double.Epsilon), zeros_like(norm)).clamp(-1, 1);
        if (state.Same)
        {
            // An image's pixel against itself: ρ = 1 exactly, not S/(L·L) an ulp away (arccos would turn the ulp into 1e-8).
            Tensor self = eye(n1, dtype: ScalarType.Bool).reshape(n1, n1, 1, 1, 1, 1) & eye(h * w, dtype: ScalarType.Bool).reshape(1, 1, h, w, h, w);
            rho = where(self, ones_like(rho), rho);
        }
        Tensor angle = Math.PI - rho.arccos();
        Tensor s = (rho * angle + (1 - rho.square()).clamp_min(0).sqrt()) * norm / (9 * Math.PI);
        Tensor derivative = angle / (9 * Math.PI);
        return state with { Nngp = s, Ntk = state.Ntk * derivative + s, Var1 = state.Var1 / 9, Var2 = state.Var2 / 9 };
    }

    public (nn.Module<Tensor, Tensor> Module, int OutChannels) Build(int inChannels, int width) => (new ScaledRelu(), inChannels);

    sealed class ScaledRelu() : nn.Module<Tensor, Tensor>(nameof(SpatialRelu))
    {
        public override Tensor forward(Tensor x) => nn.functional.relu(x).mul(Math.Sqrt(2.0 / 9.0));
    }
}
