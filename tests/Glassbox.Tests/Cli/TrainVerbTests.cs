using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class TrainVerbTests
{
    [Theory]
    [InlineData("--model", "resnet50", "resnet50")]
    [InlineData("--momentum", "1", "--momentum")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--schedule", "step:x/0.1", "step")]
    [InlineData("--bn-recalibrate", "-1", "--bn-recalibrate must be ≥ 0")]
    public void Bad_arguments_are_usage_errors(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("train", "--data-dir", TestData.Root, option, value, "--out", dir.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void Beyond_the_real_root_bound_the_exponential_schedule_is_refused()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("train", "--data-dir", TestData.Root, "--lr", "1", "--wd", "0.01", "--schedule", "texp", "--out", dir.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exceeds", result.Err);
    }

    [Fact]
    public void A_run_trains_logs_and_resumes_and_a_corrupt_checkpoint_is_a_clear_error()
    {
        using var dir = new TempDir();
        string[] args = ["train", "--data-dir", TestData.Root, "--dataset", "mnist", "--train-images", "256", "--test-images", "256", "--batch", "64",
            "--lr", "0.02", "--threads", "1", "--out", dir.Path];
        var first = CliRunner.Run([.. args, "--epochs", "1"]);
        Assert.Equal(0, first.ExitCode);
        Assert.Single(File.ReadAllLines(Path.Combine(dir.Path, "log.jsonl")));

        var resumed = CliRunner.Run([.. args, "--epochs", "2", "--resume"]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resumed after epoch 1", resumed.Out);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir.Path, "log.jsonl")).Length);

        string checkpoint = Path.Combine(dir.Path, "checkpoint.bin");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);
        var corrupt = CliRunner.Run([.. args, "--epochs", "3", "--resume"]);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("checkpoint.bin", corrupt.Err);
        Assert.DoesNotContain("   at ", corrupt.Err);
    }
}
