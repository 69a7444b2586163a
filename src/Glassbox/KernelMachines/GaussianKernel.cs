using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.KernelMachines;

/// <summary>
/// The Gaussian (RBF) kernel K(x, x′) = exp(−γ‖x − x′‖²) on row-major feature matrices, in float64.
/// Squared distances come from the GEMM identity ‖x‖² + ‖x′‖² − 2x·x′ (one matrix product instead
/// of n₁n₂d subtractions); the tiny negative values cancellation can leave are clamped to 0.
/// </summary>
public static class GaussianKernel
{
    /// <summary>K(X1, X2): n1 × n2, row-major.</summary>
    /// <param name="x1">n1 × d features, row-major.</param>
    /// <param name="x2">n2 × d features, row-major.</param>
    /// <param name="d">Features per row.</param>
    /// <param name="gamma">γ &gt; 0.</param>
    public static double[] Compute(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, int d, double gamma)
    {
        int n1 = Rows(x1, d, nameof(x1)), n2 = Rows(x2, d, nameof(x2));
        CheckGamma(gamma);
        double[] dot = Gram(x1, n1, x2, n2, d);
        double[] sq1 = SquaredNorms(x1, n1, d), sq2 = SquaredNorms(x2, n2, d);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                long k = (long)i * n2 + j;
                dot[k] = Math.Exp(-gamma * Math.Max(0.0, sq1[i] + sq2[j] - 2.0 * dot[k]));
            }
        return dot;
    }

    /// <summary>
    /// K(X, X) as a <see cref="KernelMatrix"/>: exactly symmetric (the upper triangle is mirrored)
    /// with a unit diagonal.
    /// </summary>
    public static KernelMatrix Compute(ReadOnlySpan<double> x, int d, double gamma)
    {
        int n = Rows(x, d, nameof(x));
        CheckGamma(gamma);
        double[] k = Gram(x, n, x, n, d);
        double[] sq = SquaredNorms(x, n, d);
        for (int i = 0; i < n; i++)
        {
            k[(long)i * n + i] = 1.0;
            for (int j = i + 1; j < n; j++)
            {
                double v = Math.Exp(-gamma * Math.Max(0.0, sq[i] + sq[j] - 2.0 * k[(long)i * n + j]));
                k[(long)i * n + j] = v;
                k[(long)j * n + i] = v;
            }
        }
        return new KernelMatrix(k, n);
    }

    static double[] Gram(ReadOnlySpan<double> x1, int n1, ReadOnlySpan<double> x2, int n2, int d)
    {
        if (n1 == 0 || n2 == 0) return new double[(long)n1 * n2];
        using var scope = NewDisposeScope();
        Tensor a = tensor(x1.ToArray(), new long[] { n1, d }, ScalarType.Float64);
        Tensor b = tensor(x2.ToArray(), new long[] { n2, d }, ScalarType.Float64);
        return a.mm(b.T).contiguous().data<double>().ToArray();
    }

    static double[] SquaredNorms(ReadOnlySpan<double> x, int n, int d)
    {
        var sq = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            foreach (double v in x.Slice(i * d, d)) s += v * v;
            sq[i] = s;
        }
        return sq;
    }

    static int Rows(ReadOnlySpan<double> x, int d, string name)
    {
        if (d <= 0) throw new ArgumentOutOfRangeException(nameof(d), d, "The number of features must be positive.");
        if (x.Length % d != 0)
            throw new ArgumentException($"{name} has {x.Length} values, not a multiple of d = {d} (rows × d, row-major).", name);
        foreach (double v in x)
            if (!double.IsFinite(v)) throw new ArgumentException($"{name} contains {v}; features must be finite.", name);
        return x.Length / d;
    }

    static void CheckGamma(double gamma)
    {
        if (!(gamma > 0) || !double.IsFinite(gamma))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be a positive finite number.");
    }
}
