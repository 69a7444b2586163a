using System.Globalization;
using System.Text.Json;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Bench;

/// <summary>
/// The largest relative error of the engine, float64 and float32, over the cases of a fixture written by
/// bench/reference/cntk_reference.py: `cntk-accuracy tests/Glassbox.Tests/Kernels/Fixtures/cntk_reference.json`.
/// </summary>
public static class CntkAccuracy
{
    public static int Run(string[] args)
    {
        JsonElement root = JsonDocument.Parse(File.ReadAllText(args[0])).RootElement;
        var images = root.GetProperty("images").EnumerateObject().ToDictionary(p => p.Name, p =>
        {
            int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            double[] data = p.Value.GetProperty("data").EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
            return new ImageBatch(shape[0], shape[1], shape[2], shape[3], data);
        });
        foreach (CntkPrecision precision in new[] { CntkPrecision.Float64, CntkPrecision.Float32 })
        {
            var engine = new CpuCntkEngine(precision, 1);
            double worst = 0;
            string worstCase = "";
            foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
            {
                ImageBatch batch = images[c.GetProperty("images").GetString()!];
                var arch = new CntkArchitecture(c.GetProperty("depth").GetInt32(), CntkReadout.Parse(c.GetProperty("readout").GetString()!),
                    c.GetProperty("fix").GetBoolean(), c.GetProperty("flip").GetBoolean());
                KernelKind kind = c.GetProperty("kind").GetString() == "ntk" ? KernelKind.Ntk : KernelKind.Nngp;
                double value = engine.Compute(arch, batch.Slice(c.GetProperty("i").GetInt32(), 1), batch.Slice(c.GetProperty("j").GetInt32(), 1))
                    .Value(kind, arch.Depth, 0, 0);
                double expected = c.GetProperty("value").GetDouble(), error = Math.Abs(value - expected) / Math.Abs(expected);
                if (error > worst) (worst, worstCase) = (error, $"{arch} {kind} {c.GetProperty("images").GetString()} ({c.GetProperty("i")},{c.GetProperty("j")})");
            }
            Console.WriteLine($"{engine.Identity}: {root.GetProperty("cases").GetArrayLength()} cases, largest relative error {worst:E2} ({worstCase})");
        }
        return 0;
    }
}
