using Glassbox.MatrixCompletion;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>Seeded low-rank test problems and an SVD written independently of the library (no LibTorch).</summary>
public static class LowRank
{
    /// <summary>W = U Vᵀ with Gaussian U (rows×rank), V (cols×rank), and <paramref name="count"/> entries of it drawn without replacement.</summary>
    public static (Observations Observed, double[] Truth) Problem(int rows, int cols, int rank, int count, int seed)
    {
        var rng = new Random(seed);
        double[] u = Gaussians(rng, rows * rank), v = Gaussians(rng, cols * rank);
        var w = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                for (int k = 0; k < rank; k++)
                    w[i * cols + j] += u[i * rank + k] * v[j * rank + k];
        int[] positions = Enumerable.Range(0, rows * cols).ToArray();
        rng.Shuffle(positions);
        int[] picked = positions[..count];
        var observed = new Observations(rows, cols,
            picked.Select(p => p / cols).ToArray(), picked.Select(p => p % cols).ToArray(), picked.Select(p => w[p]).ToArray());
        return (observed, w);
    }

    static double[] Gaussians(Random rng, int n)
    {
        var g = new double[n];
        for (int i = 0; i < n; i++)
            g[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()); // Box–Muller
        return g;
    }

    /// <summary>Σσ_i by one-sided Jacobi: rotate column pairs until all are orthogonal; the singular values are then the column norms.</summary>
    public static double NuclearNorm(double[] matrix, int rows, int cols)
    {
        var a = (double[])matrix.Clone();
        for (int sweep = 0; sweep < 60; sweep++)
        {
            double off = 0;
            for (int p = 0; p < cols - 1; p++)
                for (int q = p + 1; q < cols; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        double x = a[i * cols + p], y = a[i * cols + q];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta)) continue;
                    off = Math.Max(off, Math.Abs(gamma) / Math.Sqrt(alpha * beta));
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    for (int i = 0; i < rows; i++)
                    {
                        double x = a[i * cols + p], y = a[i * cols + q];
                        a[i * cols + p] = c * x - s * y;
                        a[i * cols + q] = s * x + c * y;
                    }
                }
            if (off < 1e-15) break;
        }
        double sum = 0;
        for (int j = 0; j < cols; j++)
        {
            double norm2 = 0;
            for (int i = 0; i < rows; i++) norm2 += a[i * cols + j] * a[i * cols + j];
            sum += Math.Sqrt(norm2);
        }
        return sum;
    }
}
