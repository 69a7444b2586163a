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
    public void Cntk_fewshot_writes_a_row_per_method_size_and_seed_and_refuses_unbalanced_sizes()
    {
        using var dir = new TempDir();
        string[] args = ["cntk", "fewshot", "--data-dir", TestData.Root, "--sizes", "10", "--seeds", "2", "--test-per-class", "1", "--depth", "3",
            "--depths", "2,3", "--net-steps", "1", "--tile", "8", "--threads", "1", "--out", dir.Path];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.Equal(3 * 2, File.ReadAllLines(dir.File("results.jsonl")).Length);
        Assert.True(File.Exists(dir.File("fewshot.png")));
        Assert.Contains("| n (images) | draws | cntk-flatten-d2 | cntk-flatten-d3 | preresnet20 |", File.ReadAllText(dir.File("summary.md")));
        var bad = CliRunner.Run("cntk", "fewshot", "--data-dir", TestData.Root, "--sizes", "10,15", "--out", dir.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("training-set size 15 is not a positive multiple of the 10 classes", bad.Err);
        var deep = CliRunner.Run("cntk", "fewshot", "--data-dir", TestData.Root, "--depth", "3", "--depths", "4", "--out", dir.Path);
        Assert.Equal(2, deep.ExitCode);
        Assert.Contains("depths must lie in 2..3", deep.Err);
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
        Assert.Contains("reused 4 finished nets", second.Out);
        var bad = CliRunner.Run("widen", "--data-dir", TestData.Root, "--widths", "64", "--out", dir.Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--widths needs at least two widths", bad.Err);
    }

    [Fact]
    public void Widen_trains_nets_against_the_kernel_reuses_them_and_refuses_other_settings_in_the_same_folder()
    {
        using var dir = new TempDir();
        string[] args = ["widen", "--data-dir", TestData.Root, "--arch", "fc", "--uci", "ionosphere", "--widths", "16,64", "--seeds", "1", "--depth", "1",
            "--samples", "6", "--test", "4", "--steps", "20", "--out", dir.Path];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        // Checkpoints after 1% (0 steps: none), 10% and 100% of 20 steps, for 2 widths × 1 seed.
        string[] lines = File.ReadAllLines(dir.File("trained.jsonl"));
        Assert.Equal(4, lines.Length);
        Assert.Equal(2, lines.Count(l => l.Contains("\"step\":20,")));
        Assert.True(File.Exists(dir.File("trained.png")));
        Assert.Contains("(ii)–(iii) Trained by full-batch gradient descent (20 steps", File.ReadAllText(dir.File("summary.md")));
        var second = CliRunner.Run(args);
        Assert.Contains("and 2 trained nets", second.Out);
        Assert.Equal(lines, File.ReadAllLines(dir.File("trained.jsonl")));

        string[] changed = [.. args.Take(args.Length - 2).Select(a => a == "6" ? "7" : a), "--out", dir.Path];
        var other = CliRunner.Run(changed);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("holds results computed with other settings", other.Err);

        var threeClasses = CliRunner.Run("widen", "--data-dir", TestData.Root, "--uci", "iris", "--widths", "16,64", "--steps", "5", "--out", dir.File("iris"));
        Assert.Equal(2, threeClasses.ExitCode);
        Assert.Contains("iris has 3 classes", threeClasses.Err);
        var unstable = CliRunner.Run("widen", "--data-dir", TestData.Root, "--widths", "16,64", "--steps", "5", "--step-size", "2", "--out", dir.File("x"));
        Assert.Equal(2, unstable.ExitCode);
        Assert.Contains("--step-size 2", unstable.Err);
    }
}
