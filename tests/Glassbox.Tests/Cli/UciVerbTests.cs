using Glassbox.Experiments.Uci;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class UciVerbTests
{
    [Fact]
    public void A_short_run_writes_results_summary_and_plot()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("uci", "--data-dir", TestData.Root, "--datasets", "iris,fertility",
            "--methods", "ntk,nngp,rbf", "--out", dir.Path);

        Assert.Equal(0, result.ExitCode);
        var results = new UciResultsFile(Path.Combine(dir.Path, "results.jsonl")).Load();
        Assert.Equal(6, results.Count);
        // NTK as scikit-learn's SVC on NumPy kernels gives it (bench/reference/uci_ntk_reference.py, run 2026-12-02):
        // iris 0.97297 (36/37 per split on average) with L = 0, C = 0.1; fertility 0.88 with L = 1, f = 1, C = 1.
        UciResult iris = results.Single(r => r is { Dataset: "iris", Method: "ntk" }), fertility = results.Single(r => r is { Dataset: "fertility", Method: "ntk" });
        Assert.Equal(0.972972972972973, iris.TestAcc, 12);
        Assert.Equal((0, 0, 0.1), (iris.Depth!.Value, iris.Fix!.Value, iris.C!.Value));
        Assert.Equal(0.88, fertility.TestAcc, 12);
        Assert.Equal((1, 1, 1.0), (fertility.Depth!.Value, fertility.Fix!.Value, fertility.C!.Value));
        // NNGP is the f = L member of the same family: its choice is one the NTK grid also holds.
        Assert.All(results.Where(r => r.Method == "nngp"), r => Assert.Equal(r.Depth, r.Fix));
        string summary = File.ReadAllText(Path.Combine(dir.Path, "summary.md"));
        Assert.Contains("Friedman rank", summary);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "ntk-vs-nngp.png")).Length > 1000);
    }

    [Fact]
    public void A_malformed_data_set_is_a_clear_error_naming_file_and_line()
    {
        using var dir = new TempDir();
        TextEdit.Cell(Path.Combine(dir.UciRootWith("iris"), "iris_R.dat"), line: 7, column: 3, "0.5a");

        var result = CliRunner.Run("uci", "--data-dir", dir.Path, "--datasets", "iris", "--methods", "ntk", "--out", dir.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("iris_R.dat: line 7, column 3", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Theory]
    [InlineData("--datasets", "no-such-set")]
    [InlineData("--methods", "svm")]
    [InlineData("--methods", ",")]
    public void Unknown_sets_and_methods_are_usage_errors(string option, string value)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("uci", "--data-dir", TestData.Root, option, value, "--out", dir.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(value.Trim(','), result.Err);
    }
}
