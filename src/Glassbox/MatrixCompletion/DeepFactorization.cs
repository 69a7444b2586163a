using System.Runtime.InteropServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// The deep linear model W = W_N ⋯ W_1 (W_N is m×n, the others n×n) and its loss
/// ℓ = mean over observed (i, j) of (W_ij − M_ij)², in float64, with hand-written gradients.
/// </summary>
/// <remarks>
/// The loss gradient G = ∂ℓ/∂W is sparse (non-zero only at the k observed entries), and
/// ∂ℓ/∂W_j = (W_N⋯W_{j+1})ᵀ G (W_{j−1}⋯W_1)ᵀ. An iteration forms the transposed prefix products
/// Pᵀ_j = (W_j⋯W_1)ᵀ, reads the k observed entries of W off rows of W_N and of Pᵀ_{N−1}, and
/// sweeps backwards from B = W_Nᵀ G with B ← W_jᵀ B. Every product with G costs k·n (plain loops
/// over the observed entries, no n×n temporary); depth N needs 3(N − 2) dense n×n products
/// (LibTorch GEMM), none at N ≤ 2.
/// </remarks>
public sealed class DeepFactorization : IDisposable
{
    readonly Observations _observed;
    readonly Tensor[] _factors;
    readonly Tensor[] _gradients;
    readonly Tensor _lastGradient, _backwardTransposed;
    readonly double[] _residual;
    readonly int _m, _n;

    public DeepFactorization(Observations observed, IReadOnlyList<Tensor> factors)
    {
        if (factors.Count < 1) throw new ArgumentException("A factorization needs at least one factor.", nameof(factors));
        _m = observed.Rows;
        _n = observed.Cols;
        for (int j = 0; j < factors.Count; j++)
        {
            long[] expected = j == factors.Count - 1 ? [_m, _n] : [_n, _n];
            if (!factors[j].shape.SequenceEqual(expected) || factors[j].dtype != float64)
                throw new ArgumentException($"Factor {j + 1} must be a float64 {expected[0]}x{expected[1]} tensor, got {factors[j].dtype} [{string.Join("x", factors[j].shape)}].");
        }
        _observed = observed;
        // The model owns its tensors: none may belong to a dispose scope the caller happens to be in.
        _factors = factors.Select(f => f.detach().clone().contiguous().DetachFromDisposeScope()).ToArray();
        _gradients = new Tensor[factors.Count];
        _lastGradient = zeros(_m, _n, dtype: float64).DetachFromDisposeScope();
        _backwardTransposed = zeros(_n, _n, dtype: float64).DetachFromDisposeScope();
        _residual = new double[observed.Count];
    }

    /// <summary>Factors initialised as <paramref name="init"/> says, from a generator seeded by <paramref name="seed"/>.</summary>
    public static DeepFactorization Initialize(Observations observed, int depth, FactorInit init, double scale, long seed)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth must be at least 1.");
        int m = observed.Rows, n = observed.Cols;
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        double perFactor = Math.Pow(scale, 1.0 / depth);
        var factors = new Tensor[depth];
        // Balanced needs W_{j+1}ᵀW_{j+1} = W_jW_jᵀ: the last factor is s·I (m×n), whose Gram matrix keeps only min(m, n)
        // ones on the diagonal, so the inner factors are s·P with P that same n×n projection (P = I when m ≥ n).
        using Tensor projection = diag(cat([ones(Math.Min(m, n), dtype: float64), zeros(n - Math.Min(m, n), dtype: float64)]));
        for (int j = 0; j < depth; j++)
        {
            int rows = j == depth - 1 ? m : n;
            using Scalar s = init == FactorInit.Gaussian ? perFactor / Math.Sqrt(n) : perFactor;
            factors[j] = init == FactorInit.Gaussian
                ? randn(rows, n, dtype: float64, generator: generator).mul_(s)
                : (j == depth - 1 ? eye(rows, n, dtype: float64) : projection.clone()).mul_(s);
        }
        return new DeepFactorization(observed, factors);
    }

    public int Depth => _factors.Length;

    public Observations Observed => _observed;

    /// <summary>The factors W_1 … W_N (live tensors: do not dispose; copy to keep).</summary>
    public IReadOnlyList<Tensor> Factors => _factors;

    /// <summary>The gradients of the last <see cref="ComputeGradients"/> (owned by the model, overwritten by the next call).</summary>
    public IReadOnlyList<Tensor> Gradients => _gradients;

    /// <summary>W_ij − M_ij at the observed entries, as of the last <see cref="ComputeGradients"/>.</summary>
    public ReadOnlySpan<double> Residual => _residual;

    /// <summary>The end-to-end matrix W_N ⋯ W_1 (a new tensor, the caller's).</summary>
    public Tensor Product()
    {
        Tensor w = _factors[0].clone();
        for (int j = 1; j < Depth; j++)
        {
            Tensor next = _factors[j].mm(w);
            w.Dispose();
            w = next;
        }
        return w;
    }

    /// <summary>ℓ at the current factors, and its gradient with respect to every factor into <see cref="Gradients"/>.</summary>
    public double ComputeGradients()
    {
        using var scope = NewDisposeScope();
        int last = Depth - 1;
        double scale = 2.0 / Math.Max(_observed.Count, 1);
        if (Depth == 1)
        {
            Span<double> w = Values(_factors[0]);
            for (int k = 0; k < _residual.Length; k++)
                _residual[k] = w[_observed.Row[k] * _n + _observed.Col[k]] - _observed.Value[k];
            Span<double> g = Values(_lastGradient);
            g.Clear();
            for (int k = 0; k < _residual.Length; k++) g[_observed.Row[k] * _n + _observed.Col[k]] = scale * _residual[k];
            _gradients[0] = _lastGradient;
            return MeanSquare(_residual);
        }

        // transposedPrefixes[j] = (W_{j+1} ⋯ W_1)ᵀ, contiguous, so a column of the prefix is a row here.
        var transposedPrefixes = new Tensor[Depth - 1];
        transposedPrefixes[0] = _factors[0].t().contiguous();
        for (int j = 1; j < Depth - 1; j++) transposedPrefixes[j] = transposedPrefixes[j - 1].mm(_factors[j].t());
        ReadOnlySpan<double> pt = Values(transposedPrefixes[^1]), wLast = Values(_factors[last]);
        Span<double> gLast = Values(_lastGradient), bt = Values(_backwardTransposed);
        gLast.Clear();
        bt.Clear();
        for (int k = 0; k < _residual.Length; k++)
        {
            var wRow = wLast.Slice(_observed.Row[k] * _n, _n);
            var pRow = pt.Slice(_observed.Col[k] * _n, _n);
            _residual[k] = TensorPrimitives.Dot(wRow, pRow) - _observed.Value[k];
        }
        for (int k = 0; k < _residual.Length; k++)
        {
            double g = scale * _residual[k];
            var wRow = wLast.Slice(_observed.Row[k] * _n, _n);
            var pRow = pt.Slice(_observed.Col[k] * _n, _n);
            // ∇W_N = G Pᵀ: row r_k gains g_k · (column c_k of P).
            var target = gLast.Slice(_observed.Row[k] * _n, _n);
            TensorPrimitives.MultiplyAdd(pRow, g, target, target);
            // Bᵀ = (W_Nᵀ G)ᵀ = Gᵀ W_N: row c_k gains g_k · (row r_k of W_N).
            var bRow = bt.Slice(_observed.Col[k] * _n, _n);
            TensorPrimitives.MultiplyAdd(wRow, g, bRow, bRow);
        }
        _gradients[last] = _lastGradient;

        Tensor b = _backwardTransposed.t();
        for (int j = last - 1; j >= 1; j--)
        {
            Replace(j, b.mm(transposedPrefixes[j - 1]));
            b = _factors[j].t().mm(b);
        }
        Replace(0, b.contiguous());
        return MeanSquare(_residual);
    }

    /// <summary>Σ_j ‖∇W_j‖²_F of the last <see cref="ComputeGradients"/>.</summary>
    public double GradientSquaredNorm()
    {
        double sum = 0;
        foreach (Tensor g in _gradients)
        {
            ReadOnlySpan<double> values = Values(g);
            sum += TensorPrimitives.Dot(values, values);
        }
        return sum;
    }

    /// <summary>W_j ← W_j − η ∇_j for every factor, with the gradients of the last <see cref="ComputeGradients"/>.</summary>
    public void Update(double step)
    {
        for (int j = 0; j < Depth; j++)
        {
            Span<double> w = Values(_factors[j]);
            TensorPrimitives.MultiplyAdd(Values(_gradients[j]), -step, w, w);
        }
    }

    // The middle gradients are fresh GEMM outputs; the previous ones are freed here.
    void Replace(int j, Tensor gradient)
    {
        if (!ReferenceEquals(_gradients[j], _lastGradient)) _gradients[j]?.Dispose();
        _gradients[j] = gradient.DetachFromDisposeScope();
    }

    static Span<double> Values(Tensor t)
    {
        if (!t.is_contiguous()) throw new InvalidOperationException("Internal error: expected a contiguous tensor.");
        return MemoryMarshal.Cast<byte, double>(t.bytes);
    }

    static double MeanSquare(ReadOnlySpan<double> values) =>
        values.Length == 0 ? 0 : TensorPrimitives.Dot(values, values) / values.Length;

    public void Dispose()
    {
        foreach (Tensor g in _gradients.Distinct())
            if (g is not null && !ReferenceEquals(g, _lastGradient)) g.Dispose();
        foreach (Tensor f in _factors) f.Dispose();
        _lastGradient.Dispose();
        _backwardTransposed.Dispose();
    }
}
