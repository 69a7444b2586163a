using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Backend;

/// <summary>One numeric self-check: the backend's answer against an independent computation.</summary>
public sealed record SelfCheckResult(string Name, double Error, double Tolerance)
{
    public bool Passed => Error <= Tolerance && !double.IsNaN(Error);
}

/// <summary>
/// Float64 checks that LibTorch computes what it should on this machine: GEMM and Conv2d against
/// direct loops, a Cholesky solve against its residual.
/// </summary>
public static class SelfCheck
{
    public static IReadOnlyList<SelfCheckResult> Run(int seed = 0) =>
        new[] { Gemm(seed), CholeskySolve(seed), Conv2d(seed) };

    /// <summary>torch.mm against the triple loop; error is the max relative difference.</summary>
    public static SelfCheckResult Gemm(int seed)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator().manual_seed(seed);
        const int m = 64, k = 48, n = 32;
        var a = randn(m, k, dtype: ScalarType.Float64, generator: gen);
        var b = randn(k, n, dtype: ScalarType.Float64, generator: gen);
        double[] c = a.mm(b).data<double>().ToArray();
        double[] av = a.data<double>().ToArray(), bv = b.data<double>().ToArray();
        double worst = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, scale = 0;
                for (int p = 0; p < k; p++) { sum += av[i * k + p] * bv[p * n + j]; scale += Math.Abs(av[i * k + p] * bv[p * n + j]); }
                worst = Math.Max(worst, Math.Abs(c[i * n + j] - sum) / scale);
            }
        return new SelfCheckResult("float64 GEMM vs direct loop", worst, 1e-13);
    }

    /// <summary>Cholesky factor and solve of an SPD system; error is the relative residual ‖Ax−b‖/‖b‖.</summary>
    public static SelfCheckResult CholeskySolve(int seed)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator().manual_seed(seed + 1);
        const int n = 100;
        var g = randn(n, n, dtype: ScalarType.Float64, generator: gen);
        var a = g.mm(g.T) + n * eye(n, dtype: ScalarType.Float64);
        var b = randn(n, 3, dtype: ScalarType.Float64, generator: gen);
        var l = linalg.cholesky(a);
        var x = cholesky_solve(b, l);
        double residual = (a.mm(x) - b).norm().item<double>() / b.norm().item<double>();
        return new SelfCheckResult("float64 Cholesky solve residual", residual, 1e-12);
    }

    /// <summary>conv2d (padding 1, stride 1, bias) against the direct six-fold loop; max absolute difference.</summary>
    public static SelfCheckResult Conv2d(int seed)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator().manual_seed(seed + 2);
        const int batch = 2, cin = 3, cout = 4, h = 8, w = 8, r = 3;
        var x = randn(batch, cin, h, w, dtype: ScalarType.Float64, generator: gen);
        var wt = randn(cout, cin, r, r, dtype: ScalarType.Float64, generator: gen);
        var bias = randn(cout, dtype: ScalarType.Float64, generator: gen);
        double[] y = nn.functional.conv2d(x, wt, bias, padding: new long[] { 1, 1 }).data<double>().ToArray();
        double[] xv = x.data<double>().ToArray(), wv = wt.data<double>().ToArray(), bv = bias.data<double>().ToArray();
        double worst = 0;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        double sum = bv[o];
                        for (int c = 0; c < cin; c++)
                            for (int di = 0; di < r; di++)
                                for (int dj = 0; dj < r; dj++)
                                {
                                    int ii = i + di - 1, jj = j + dj - 1;
                                    if (ii < 0 || jj < 0 || ii >= h || jj >= w) continue;
                                    sum += xv[((b * cin + c) * h + ii) * w + jj] * wv[((o * cin + c) * r + di) * r + dj];
                                }
                        worst = Math.Max(worst, Math.Abs(y[((b * cout + o) * h + i) * w + j] - sum));
                    }
        return new SelfCheckResult("float64 Conv2d vs direct loop", worst, 1e-12);
    }
}
