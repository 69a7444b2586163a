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
        Assert.All(results, r => Assert.InRange(r.TestAcc, 0, 1));
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
