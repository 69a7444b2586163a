using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The infinite-width kernels of a net up to some layer, for one tile of input pairs (rows of X1
/// against rows of X2): the NNGP covariance Σ, the neural tangent kernel Θ, and the variances
/// Σ(x,x) of each row, which the nonlinearities need. Immutable: a layer maps it to a new state.
/// All tensors are float64; Nngp and Ntk are [n1, n2], Var1 is [n1], Var2 is [n2]. <paramref name="Angle"/>, when known,
/// is the angle θ between the pairs, computed accurately (the inputs' angle, before the first nonlinearity): arccos of
/// Nngp/√(Var1·Var2) loses half the digits near θ = 0 and θ = π.
/// </summary>
public sealed record KernelState(Tensor Nngp, Tensor Ntk, Tensor Var1, Tensor Var2, Tensor? Angle = null)
{
    /// <summary>
    /// The state before any layer: Σ⁰(x,x') = x·x', no trained parameter yet (Θ = 0), and the angle between x and x'.
    /// Every entry is a function of its own two rows alone — the norms, and θ = 2·atan2(‖x̂ − x̂'‖, ‖x̂ + x̂'‖) of the unit
    /// rows, each distance summed over that pair's coordinates — so a pair gets the same bits whatever tile, order or
    /// second matrix it comes with; Σ⁰ = ‖x‖‖x'‖cos θ and Σ⁰(x,x) = ‖x‖². A duplicate row has θ = 0 exactly, a zero row
    /// Σ⁰ = 0 exactly. (x·x' from a matrix product, with ‖x‖² from sums of squares, gives a duplicate ρ = 1 − 1 ulp and
    /// an arccos error of 1e-8.)
    /// </summary>
    public static KernelState FromInputs(Tensor x1, Tensor x2)
    {
        if (x1.dim() != 2 || x2.dim() != 2 || x1.shape[1] != x2.shape[1])
            throw new ArgumentException($"inputs must be matrices with the same number of columns, got [{string.Join(",", x1.shape)}] and [{string.Join(",", x2.shape)}]");
        Tensor a = x1.to_type(ScalarType.Float64), b = x2.to_type(ScalarType.Float64);
        Tensor normA = a.square().sum(1).sqrt_(), normB = b.square().sum(1).sqrt_();
        Tensor unitA = Unit(a, normA), unitB = Unit(b, normB);
        Tensor apart = cdist(unitA, unitB, 2.0, compute_mode.donot_use_mm_for_euclid_dist);
        Tensor together = cdist(unitA, unitB.neg(), 2.0, compute_mode.donot_use_mm_for_euclid_dist);
        using Scalar two = 2.0;
        Tensor angle = apart.atan2(together).mul_(two);
        Tensor nngp = normA.unsqueeze(1).mul(normB.unsqueeze(0)).mul_(angle.cos());
        return new KernelState(nngp, zeros_like(nngp), normA.mul(normA), normB.mul(normB), angle);
    }

    // x/‖x‖, and 0 for a zero row (its angle to anything is then π/2; every kernel value it enters is multiplied by ‖x‖ = 0).
    static Tensor Unit(Tensor x, Tensor norm)
    {
        using Scalar zero = 0.0;
        return where(norm.unsqueeze(1).gt(zero), x.div(norm.unsqueeze(1)), zeros_like(x));
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

    /// <summary>
    /// ρ = Σ(x,x') / √(Σ(x,x) Σ(x',x')), clipped to [−1, 1], and ρ = 0 where the root is 0 (a zero row: every value it
    /// enters is multiplied by that root, so it stays exactly 0). The paper's code instead floors the root at 1e-9, which
    /// leaks into the products: for X = [[0,0],[300,0]] its depth-2 NTK has K(0,1) = 4.26e-4 where the exact value is 0.
    /// </summary>
    /// <remarks>
    /// Where Σ(x,x)·Σ(x',x') is below 1e-280 (it underflows for two rows of norm below ≈ 1e-77), both variances are first scaled
    /// by 2⁵⁰⁰ and the root by 2⁻⁵⁰⁰: powers of two, so the rounding is the same as without underflow and a tiny row's diagonal
    /// keeps ρ = 1 exactly. Without it, the root of two such rows was 0 and their kernel lost its NNGP terms. It holds for
    /// variances up to ≈ 1e150 and, since each paper-scale ReLU halves a variance, for about 15 layers after two rows of norm 1e-150.
    /// </remarks>
    public (Tensor Rho, Tensor RootProduct) Correlation()
    {
        using Scalar zero = 0.0, minusOne = -1.0, one = 1.0, up = Math.ScaleB(1.0, 500), down = Math.ScaleB(1.0, -500), tiny = 1e-280; // explicit: see ReluMoments
        Tensor product = Var1.unsqueeze(1).mul(Var2.unsqueeze(0));
        Tensor root = product.sqrt();
        Tensor underflows = product.lt(tiny).logical_and_(Var1.gt(zero).unsqueeze(1)).logical_and_(Var2.gt(zero).unsqueeze(0)); // a zero row keeps root 0
        if (underflows.any().ToBoolean())
            root = where(underflows, Var1.mul(up).unsqueeze(1).mul(Var2.mul(up).unsqueeze(0)).sqrt_().mul_(down), root);
        Tensor rho = where(root.gt(zero), Nngp.div(root), zeros_like(root)).clamp_(minusOne, one);
        return (rho, root);
    }
}
