using System.Text.Json;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

/// <summary>`glassbox cntk depth` and `glassbox widen` on the shared data at toy sizes: they write their results, a rerun reuses
/// what is done, and bad values are refused with one sentence.</summary>
public sealed class CntkAndWidenVerbTests
{
    [Fact]
    public void Cntk_depth_writes_one_accuracy_per_kernel_and_depth_and_a_rerun_computes_nothing()
    {
        using var dir = new TempDir();
        string[] args = ["cntk", "depth", "--data-dir", TestData.Root, "--train-per-class", "1", "--test-per-class", "1", "--depths", "3,4",
            "--tile", "4", "--threads", "1", "--out", dir.Path];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        using var results = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        Assert.Equal(4, results.RootElement.GetArrayLength());
        Assert.All(results.RootElement.EnumerateArray(), r => Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1));
        Assert.Contains("| CNTK-GAP | 4 |", File.ReadAllText(dir.File("summary.md")));
        DateTime stamp = File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "CNTK-V", "train", "tile-0-0.bin"));
        var second = CliRunner.Run(args);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "CNTK-V", "train", "tile-0-0.bin")));
    }

    [Fact]
    public void Widen_writes_every_width_and_seed_and_reuses_them()
    {
        using var dir = new TempDir();
        string[] args = ["widen", "--data-dir", TestData.Root, "--arch", "fc", "--widths", "16,64", "--seeds", "2", "--depth", "1", "--samples", "4", "--out", dir.Path];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.Equal(4, File.ReadAllLines(dir.File("results.jsonl")).Length);
        Assert.True(File.Exists(dir.File("widen.png")));
        var second = CliRunner.Run(args);
        Assert.Contains("reusing 4 finished nets", second.Out);
        var bad = CliRunner.Run("widen", "--data-dir", TestData.Root, "--widths", "64", "--out", dir.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--widths needs at least two widths", bad.Err);
    }
}
