using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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
}
