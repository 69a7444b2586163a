using System.Diagnostics;
using Glassbox.MatrixCompletion;
using TorchSharp;

namespace Glassbox.Bench;

/// <summary>
/// `completion-time [depth] [iterations] [threads]`: seconds per gradient-descent iteration of the
/// deep factorization on the paper's 100×100, rank-5, 2000-entry problem (seed 1), fixed
/// iteration count, normalised step 1e-3; also the flop count of an iteration and the rate achieved.
/// `bench/dmf_torch.py` runs the same loop in PyTorch.
/// </summary>
public static class CompletionTiming
{
    public static int Run(string[] args)
    {
        int depth = args.Length > 0 ? int.Parse(args[0]) : 3;
        int iterations = args.Length > 1 ? int.Parse(args[1]) : 5000;
        if (args.Length > 2) torch.set_num_threads(int.Parse(args[2]));
        const int n = 100, k = 2000;
        var problem = LowRankProblem.Generate(n, 5, k, seed: 1);
        // iterations = 0: run to the paper's stopping rule (loss 1e-6) instead of a fixed count.
        var options = iterations > 0
            ? new DeepFactorizationOptions(Depth: depth, MaxIterations: iterations, LossThreshold: 0, RecordsPerDecade: 1)
            : new DeepFactorizationOptions(Depth: depth, RecordsPerDecade: 1);
        DeepFactorizationTrainer.Fit(problem, options with { MaxIterations = 200 }); // warm-up
        var clock = Stopwatch.StartNew();
        var result = DeepFactorizationTrainer.Fit(problem, options);
        double seconds = clock.Elapsed.TotalSeconds;
        double flops = IterationFlops(depth, n, k);
        iterations = (int)result.Iterations;
        Console.WriteLine($"depth {depth}, threads {torch.get_num_threads()}: {iterations} iterations in {seconds:F2} s = " +
            $"{iterations / seconds:F0} it/s, {seconds / iterations * 1e6:F1} µs/it; {flops / 1e6:F2} MFLOP/it → " +
            $"{flops * iterations / seconds / 1e9:F2} GFLOP/s; final loss {result.Final.TrainLoss:E3}, reconstruction {result.Final.ReconstructionError:E3}");
        Console.WriteLine($"  for scale: LibTorch float64 GEMM of {n}x{n} matrices here: {GemmRate(n):F2} GFLOP/s");
        return 0;
    }

    /// <summary>The rate of back-to-back n×n float64 products: the ceiling for the dense part of an iteration.</summary>
    static double GemmRate(int n)
    {
        using var a = torch.randn(n, n, dtype: torch.float64);
        using var b = torch.randn(n, n, dtype: torch.float64);
        for (int i = 0; i < 200; i++) a.mm(b).Dispose();
        const int reps = 5000;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) a.mm(b).Dispose();
        return 2.0 * n * n * (double)n * reps / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Multiply-adds ×2 of one iteration: 3(N−2) dense n³ products, 3 sparse k·n ones (2 at N = 1).</summary>
    public static double IterationFlops(int depth, int n, int k) =>
        depth == 1 ? 2.0 * k : 2.0 * (3.0 * (depth - 2) * n * (double)n * n + 3.0 * k * n);
}
