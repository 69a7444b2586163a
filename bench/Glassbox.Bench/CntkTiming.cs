using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Runtime.Intrinsics;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Bench;

/// <summary>
/// Seconds per CNTK entry on random 3×S×S images: `cntk-time --depth 21 --readout gap --dtype float32 --pairs 8 --threads 1`.
/// Times only the entries (each image's per-layer deviations are prepared first, as the authors' script does once per image),
/// and prints one JSON line: seconds per entry, core-seconds per entry (× threads), and the first values for a cross-check.
/// </summary>
public static class CntkTiming
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "--peak") return Peak();
        int depth = 21, pairs = 8, threads = 1, size = 32;
        string readout = "gap", dtype = "float32";
        for (int a = 0; a + 1 < args.Length; a += 2)
            switch (args[a])
            {
                case "--depth": depth = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                case "--pairs": pairs = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
                case "--readout": readout = args[a + 1]; break;
                case "--dtype": dtype = args[a + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[a]}"); return 2;
            }
        var rng = new Random(1);
        int n = pairs;
        var data = new double[(n + 1) * 3 * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 2 - 1;
        var images = new ImageBatch(n + 1, 3, size, size, data);
        var arch = new CntkArchitecture(depth, CntkReadout.Parse(readout), Fix: readout == "gap");
        var engine = new CpuCntkEngine(dtype == "float64" ? CntkPrecision.Float64 : CntkPrecision.Float32, threads);
        engine.Compute(arch with { Depth = 3 }, images.Slice(0, 1), images.Slice(1, 1)); // JIT warm-up
        // One row image against n column images: n entries, the preparation of n + 1 images timed apart.
        var prep = Stopwatch.StartNew();
        engine.Compute(arch with { Readout = new CntkReadout.Flatten() }, images.Slice(0, 1), images.Slice(0, 1));
        double prepareOne = prep.Elapsed.TotalSeconds;
        var clock = Stopwatch.StartNew();
        CntkTile tile = engine.Compute(arch, images.Slice(0, 1), images.Slice(1, n));
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            impl = "glassbox", depth, readout, dtype, size, pairs = n, threads,
            seconds_per_entry = seconds / n, core_seconds_per_entry = seconds * threads / n,
            vanilla_self_entry_seconds = prepareOne,
            values = Enumerable.Range(0, Math.Min(n, 3)).Select(j => tile.Value(KernelKind.Ntk, depth, 0, j)).ToArray(),
        }));
        return 0;
    }

    /// <summary>
    /// The core's measured peak: float32 fused multiply-adds on 12 independent 16-lane (AVX-512) and 8-lane (AVX2) vectors,
    /// as lane-operations per second (an FMA counts 2).
    /// </summary>
    static int Peak()
    {
        static double Rate<TV>(Func<long, TV> run, int lanes) where TV : struct
        {
            run(1_000_000); // JIT and warm-up
            const long iterations = 200_000_000 / 12;
            var clock = Stopwatch.StartNew();
            TV sink = run(iterations);
            double seconds = clock.Elapsed.TotalSeconds;
            GC.KeepAlive(sink);
            return iterations * 12.0 * lanes * 2 / seconds;
        }
        double wide = Rate(Fma512, 16), narrow = Rate(Fma256, 8);
        Console.WriteLine(JsonSerializer.Serialize(new { peak_fma_flops_per_second_avx512 = wide, peak_fma_flops_per_second_avx2 = narrow }));
        return 0;
    }

    static Vector512<float> Fma512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c); a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c); a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c); a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c); a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }

    static Vector256<float> Fma256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999999f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c); a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c); a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c); a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c); a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
