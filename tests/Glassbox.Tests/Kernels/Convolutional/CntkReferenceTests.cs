using System.Globalization;
using System.Text.Json;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// Issue 14, acceptance line 1: the engine's entries against an independent NumPy port of the authors' recursion
/// (bench/reference/cntk_reference.py, which writes Fixtures/cntk_reference.json): vanilla and GAP, fixed and trained ends,
/// depths 3 .. 11, NTK and NNGP, on random 3×8×8, 3×32×32, 2×5×7, 1×7×3, 2×1×1 and 3×2×2 images (depth 2 included), plus LAP windows and flip averaging.
/// float64 to 1e-12 relative, float32 to 1e-6 in both vector widths (16 lanes where the processor has AVX-512, and 8).
/// </summary>
public sealed class CntkReferenceTests
{
    static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(TestData.RepoRoot, "tests", "Glassbox.Tests", "Kernels", "Fixtures", "cntk_reference.json"))).RootElement;

    static readonly Dictionary<string, ImageBatch> Images = Root.GetProperty("images").EnumerateObject().ToDictionary(p => p.Name, p =>
    {
        int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] data = p.Value.GetProperty("data").EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        return new ImageBatch(shape[0], shape[1], shape[2], shape[3], data);
    });

    public static TheoryData<int> CaseIndices() => new(Enumerable.Range(0, Root.GetProperty("cases").GetArrayLength()));

    static (double Expected, double Actual) Run(int index, CntkPrecision precision, bool wide = true)
    {
        JsonElement c = Root.GetProperty("cases")[index];
        ImageBatch images = Images[c.GetProperty("images").GetString()!];
        var arch = new CntkArchitecture(c.GetProperty("depth").GetInt32(), CntkReadout.Parse(c.GetProperty("readout").GetString()!),
            c.GetProperty("fix").GetBoolean(), c.GetProperty("flip").GetBoolean());
        KernelKind kind = c.GetProperty("kind").GetString() == "ntk" ? KernelKind.Ntk : KernelKind.Nngp;
        CntkTile tile = new CpuCntkEngine(precision, threads: 1) { Wide = wide && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated }.Compute(arch,
            images.Slice(c.GetProperty("i").GetInt32(), 1), images.Slice(c.GetProperty("j").GetInt32(), 1));
        return (c.GetProperty("value").GetDouble(), tile.Value(kind, arch.Depth, 0, 0));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Float64_entries_equal_the_NumPy_port_to_1e12(int index)
    {
        var (expected, actual) = Run(index, CntkPrecision.Float64);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"case {index}: {actual:R} against {expected:R}");
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Float32_entries_are_within_1e6_in_both_vector_widths(int index)
    {
        foreach (bool wide in new[] { true, false })
        {
            var (expected, actual) = Run(index, CntkPrecision.Float32, wide);
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"case {index} (wide {wide}): {actual:R} against {expected:R}");
        }
    }
}
