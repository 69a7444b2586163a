using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Bench;

/// <summary>
/// `kernel-rate [n] [d]`: how fast the ReLU kernel family is computed, beside the float64 GEMM
/// rate of the same machine in the same process. Prints one line per measurement.
/// </summary>
public static class KernelRate
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 10000;
        int d = args.Length > 1 ? int.Parse(args[1]) : 64;
        Console.WriteLine($"threads {get_num_threads()}, n = {n}, d = {d}");

        // GEMM rate: a square float64 product large enough to reach the BLAS peak.
        using (NewDisposeScope())
        {
            const int m = 3000;
            var a = randn(m, m, dtype: ScalarType.Float64);
            a.mm(a).Dispose(); // warm-up
            var clock = Stopwatch.StartNew();
            const int repeats = 3;
            for (int i = 0; i < repeats; i++) a.mm(a).Dispose();
            double seconds = clock.Elapsed.TotalSeconds / repeats;
            Console.WriteLine($"float64 GEMM {m}³: {seconds:0.000} s, {2.0 * m * m * m / seconds / 1e9:0.0} GFLOP/s");
        }

        var random = new Random(0);
        var x = new Matrix(n, d, Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 2 - 1).ToArray());
        foreach (var (name, action) in new (string, Action)[]
        {
            ("allocate and fill 15 n×n outputs (the memory floor)", () =>
            {
                var outputs = new double[15][];
                Parallel.For(0, 15, k => { outputs[k] = GC.AllocateUninitializedArray<double>(n * n); outputs[k].AsSpan().Fill(1); });
            }),
            ("x·xᵀ only (L = 0)", () => ReluNtkFamily.Compute(1, x)),
            ("L < 2 (3 kernels)", () => ReluNtkFamily.Compute(2, x)),
            ("NTK family, L < 5 (15 kernels)", () => ReluNtkFamily.Compute(5, x)),
            ("NTK family, L < 5 (15 kernels), 1 thread", () => ReluNtkFamily.Compute(5, x, threads: 1)),
            ("NTK family, L < 5, tensor engine (before)", () => ReluNtkFamily.ComputeByTensors(5, x)),
            ("NTK, L = 4, f = 0 (layers)", () =>
            {
                var sink = new ArrayKernelSink(n, n);
                TiledKernel.Compute(FullyConnected.Relu(4), KernelKind.Ntk, x, null, sink);
            }),
        })
        {
            // The first call pays the page faults of fresh output memory; later ones reuse what the collector keeps.
            var seconds = new List<double>();
            for (int repeat = 0; repeat < (name.Contains("before") || name.Contains("layers") ? 1 : 3); repeat++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                action();
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"{name}: first {seconds[0]:0.00} s, best {seconds.Min():0.00} s of {seconds.Count}, {(double)n * n / seconds.Min() / 1e6:0.0} M entries/s " +
                              $"(the n×d×n GEMM alone is {2.0 * n * n * d / 1e9:0.0} GFLOP)");
        }
        return 0;
    }
}
