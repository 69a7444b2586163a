using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class LrCompareVerbTests
{
    [Fact]
    public void Compare_trains_both_arms_writes_the_report_and_reuses_finished_runs()
    {
        using var dir = new TempDir();
        string[] args = ["lr", "compare", "--data-dir", TestData.Root, "--dataset", "mnist", "--train-images", "128", "--test-images", "256", "--batch", "64",
            "--epochs", "2", "--schedule", "step:1/0.1", "--seeds", "1", "--threads", "1", "--out", dir.Path];
        var first = CliRunner.Run(args);
        Assert.Equal(0, first.ExitCode);
        foreach (string file in new[] { "summary.md", "accuracy.png", "lr.png", "weight-norm.png" })
            Assert.True(File.Exists(dir.File(file)), file);
        foreach (string run in new[] { "wd-seed1", "texp-seed1" })
            Assert.Equal(2, File.ReadAllLines(Path.Combine(dir.Path, run, "log.jsonl")).Length);
        string summary = File.ReadAllText(dir.File("summary.md"));
        Assert.Contains("no weight decay, converted rate (TEXP)", summary);
        Assert.Contains("α = 0.99949772", summary);

        var again = CliRunner.Run(args);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("epoch   1", again.Out);
        Assert.Equal(summary, File.ReadAllText(dir.File("summary.md")));
    }

    [Theory]
    [InlineData("--wd", "0", "--wd must be > 0")]
    [InlineData("--seeds", "1,x", "found 'x'")]
    [InlineData("--seeds", "2,2", "seed 2 is given twice")]
    [InlineData("--schedule", "texp", "already a conversion")]
    [InlineData("--schedule", "exp", "already a conversion")]
    [InlineData("--model", "resnet50", "resnet50")]
    public void Bad_arguments_are_usage_errors(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("lr", "compare", "--data-dir", TestData.Root, "--train-images", "128", option, value, "--out", dir.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
