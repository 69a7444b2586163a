using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The arc-cosine step every ReLU kernel shares: from ρ and √(Σ(x,x)Σ(x',x')),
/// Σ' = root·(ρ(π−θ) + √(1−ρ²))/(2π) and Σ̇ = (π−θ)/(2π), θ = arccos ρ.
/// </summary>
/// <remarks>
/// Scalars are explicit and disposed at the end of the call. An implicit double → Scalar
/// conversion leaves a finalizable native object that nothing references once its handle is
/// passed to LibTorch, and a garbage collection during the native call can free it: seen here as
/// "Unknown scalar type" from div_ in a long UCI run.
/// </remarks>
internal static class ReluMoments
{
    public static (Tensor Sigma, Tensor SigmaDot) Of(Tensor rho, Tensor root)
    {
        using Scalar pi = Math.PI, twoPi = 2 * Math.PI, one = 1.0, zero = 0.0;
        Tensor piMinusTheta = rho.arccos().neg_().add_(pi);
        Tensor sigma = rho.mul(piMinusTheta).add_(rho.square().neg_().add_(one).clamp_min_(zero).sqrt_())
            .mul_(root).div_(twoPi);
        return (sigma, piMinusTheta.div_(twoPi));
    }

    /// <summary>
    /// The same from an accurately known angle: Σ' = root·(sin θ + (π−θ)cos θ)/(2π), which needs no √(1−ρ²) and so keeps
    /// every digit at θ near 0 or π.
    /// </summary>
    public static (Tensor Sigma, Tensor SigmaDot) OfAngle(Tensor theta, Tensor root)
    {
        using Scalar pi = Math.PI, twoPi = 2 * Math.PI;
        Tensor piMinusTheta = theta.neg().add_(pi);
        Tensor sigma = theta.sin().add_(piMinusTheta.mul(theta.cos())).mul_(root).div_(twoPi);
        return (sigma, piMinusTheta.div_(twoPi));
    }

    /// <summary>The layer's moments from a state: through its exact angle when it has one, else through ρ.</summary>
    public static (Tensor Sigma, Tensor SigmaDot) Of(KernelState state)
    {
        var (rho, root) = state.Correlation();
        return state.Angle is { } theta ? OfAngle(theta, root) : Of(rho, root);
    }
}
