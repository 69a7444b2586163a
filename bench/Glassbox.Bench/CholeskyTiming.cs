using System.Diagnostics;
using static TorchSharp.torch;

namespace Glassbox.Bench;

/// <summary>`chol-time`: float64 Cholesky factor + solve, LibTorch against the library's hand-rolled one.</summary>
public static class CholeskyTiming
{
    public static int Run(string[] args)
    {
        int[] sizes = args.Length > 0 ? args[0].Split(',').Select(int.Parse).ToArray() : new[] { 500, 1500, 2500 };
        foreach (int threads in new[] { 1, 2 })
        {
            set_num_threads(threads);
            foreach (int n in sizes)
            {
                using var scope = NewDisposeScope();
                var g = randn(n, n, dtype: ScalarType.Float64);
                var a = g.mm(g.T) + n * eye(n, dtype: ScalarType.Float64);
                var b = randn(n, 2, dtype: ScalarType.Float64);
                linalg.cholesky(a);
                var sw = Stopwatch.StartNew();
                const int reps = 5;
                for (int r = 0; r < reps; r++)
                {
                    var (l, _) = linalg.cholesky_ex(a);
                    cholesky_solve(b, l).data<double>().ToArray();
                }
                double t = sw.Elapsed.TotalSeconds / reps;
                Console.WriteLine($"threads {threads} n={n}: LibTorch factor+solve {t * 1000:f1} ms ({(double)n * n * n / 3 / t / 1e9:f1} GFlop/s)");
                if (threads == 1)
                {
                    double[] values = a.data<double>().ToArray();
                    sw.Restart();
                    Glassbox.KernelMachines.DenseCholesky.TryFactor(values, n);
                    double th = sw.Elapsed.TotalSeconds;
                    Console.WriteLine($"           DenseCholesky factor {th * 1000:f1} ms ({(double)n * n * n / 3 / th / 1e9:f1} GFlop/s)");
                    var (lt, _) = linalg.cholesky_ex(a);
                    double[] reference = lt.data<double>().ToArray();
                    double worst = 0;
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j <= i; j++) worst = Math.Max(worst, Math.Abs(values[i * n + j] - reference[i * n + j]));
                    Console.WriteLine($"           max |L − L_torch| = {worst:e2}");
                }
            }
        }
        return 0;
    }
}
