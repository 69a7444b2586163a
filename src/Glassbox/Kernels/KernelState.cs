using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The infinite-width kernels of a net up to some layer, for one tile of input pairs (rows of X1
/// against rows of X2): the NNGP covariance Σ, the neural tangent kernel Θ, and the variances
/// Σ(x,x) of each row, which the nonlinearities need. Immutable: a layer maps it to a new state.
/// All tensors are float64; Nngp and Ntk are [n1, n2], Var1 is [n1], Var2 is [n2].
/// </summary>
public sealed record KernelState(Tensor Nngp, Tensor Ntk, Tensor Var1, Tensor Var2)
{
    /// <summary>
    /// The state before any layer: Σ⁰(x,x') = x·x' and no trained parameter yet (Θ = 0). Pass the
    /// same tensor twice for a tile on the diagonal: its variances are then read off the product
    /// itself, so that ρ(x,x) is exactly 1 (arccos is ill-conditioned there: a one-ulp error in ρ
    /// would become a 1e-8 error in θ).
    /// </summary>
    public static KernelState FromInputs(Tensor x1, Tensor x2)
    {
        if (x1.dim() != 2 || x2.dim() != 2 || x1.shape[1] != x2.shape[1])
            throw new ArgumentException($"inputs must be matrices with the same number of columns, got [{string.Join(",", x1.shape)}] and [{string.Join(",", x2.shape)}]");
        Tensor a = x1.to_type(ScalarType.Float64), b = x2.to_type(ScalarType.Float64);
        Tensor nngp = a.mm(b.T);
        if (ReferenceEquals(x1, x2))
        {
            Tensor variance = nngp.diagonal().clone();
            return new KernelState(nngp, zeros_like(nngp), variance, variance);
        }
        return new KernelState(nngp, zeros_like(nngp), a.square().sum(1), b.square().sum(1));
    }

    /// <summary>
    /// The self-variance after a ReLU, Σ(x,x)/2, computed in exactly the operations the ReLU applies
    /// to a diagonal entry (ρ = 1: root·π/(2π)), so diagonal entries and variances stay bit-equal.
    /// </summary>
    public static Tensor ReluVariance(Tensor variance)
    {
        using Scalar pi = Math.PI, twoPi = 2 * Math.PI; // explicit: see ReluMoments
        return variance.mul(pi).div_(twoPi);
    }

    /// <summary>ρ = Σ(x,x') / √(Σ(x,x) Σ(x',x')), clipped to [−1, 1]; the root is clipped below at 1e-9 (as the paper's code).</summary>
    public (Tensor Rho, Tensor RootProduct) Correlation()
    {
        using Scalar floor = 1e-9, minusOne = -1.0, one = 1.0; // explicit: see ReluMoments
        Tensor root = Var1.unsqueeze(1).mul(Var2.unsqueeze(0)).sqrt_().clamp_min_(floor);
        return (Nngp.div(root).clamp_(minusOne, one), root);
    }
}
