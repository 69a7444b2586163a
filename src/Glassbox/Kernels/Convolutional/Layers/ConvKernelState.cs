using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional.Layers;

/// <summary>
/// The infinite-channel kernels of a convolutional net up to some layer, for every pair of images of two batches, held whole
/// (float64): the pixel-pair covariances S (NNGP) and T (NTK), shape [n1, n2, H, W, H, W], and each image's pixel variances
/// Var1 [n1, H, W] and Var2 [n2, H, W] — a convolution maps the pixel diagonal to itself, so the ReLU's normalisers need O(P)
/// work per image, not the P² of a pair. <paramref name="Same"/>: the two batches are one (image a meets itself at [a, a]),
/// where ρ = 1 is taken exactly on the pixel diagonal. This form is the readable one (P² floats per pair, no fusion);
/// <see cref="CpuCntkEngine"/> computes the same numbers block by block in cache.
/// </summary>
public sealed record ConvKernelState(Tensor Nngp, Tensor Ntk, Tensor Var1, Tensor Var2, bool Same)
{
    /// <summary>Before any layer: S[a, b, p, p′] = Σ_c x_a,c(p) z_b,c(p′), T = 0, Var = Σ_c x_c(p)².</summary>
    public static ConvKernelState FromImages(Tensor x1, Tensor? x2 = null)
    {
        Tensor a = x1.to_type(ScalarType.Float64);
        Tensor b = (x2 ?? x1).to_type(ScalarType.Float64);
        if (a.dim() != 4 || b.dim() != 4 || a.shape[1] != b.shape[1] || a.shape[2] != b.shape[2] || a.shape[3] != b.shape[3])
            throw new ArgumentException($"images must be [N, C, H, W] batches of one shape, got [{string.Join(",", a.shape)}] and [{string.Join(",", b.shape)}]");
        Tensor s = einsum("achw,bcij->abhwij", a, b);
        return new ConvKernelState(s, zeros_like(s), a.square().sum(1), b.square().sum(1), x2 is null);
    }
}

/// <summary>One layer of a convolutional architecture: it maps the kernel state, and builds the finite module whose wide limit that is.</summary>
public interface IConvKernelLayer
{
    ConvKernelState Apply(ConvKernelState state);

    /// <summary>The finite module, given the channels that reach it and the hidden width; the second value: channels leaving it.</summary>
    (TorchSharp.torch.nn.Module<Tensor, Tensor> Module, int OutChannels) Build(int inChannels, int width);
}
