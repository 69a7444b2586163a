using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

/// <summary>What a new user reads: usage lines, help texts, and one-sentence errors.</summary>
public sealed class CommandLineMessagesTests
{
    [Fact]
    public void Usage_lines_name_the_command_glassbox()
    {
        var root = CliRunner.Run("--help");
        var verb = CliRunner.Run("lr", "convert", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("glassbox [command] [options]", root.Out);
        Assert.Contains("glassbox lr convert [options]", verb.Out);
        Assert.DoesNotContain("Glassbox.Cli", root.Out + verb.Out);
        Assert.Equal(0, CliRunner.Run("--version").ExitCode);
    }

    [Fact]
    public void Lr_equivalence_help_mentions_no_option_it_lacks()
    {
        var result = CliRunner.Run("lr", "equivalence", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("--epochs", result.Out);
    }

    [Theory]
    [InlineData("--depth", "5")]
    [InlineData("--step", "0.01")]
    [InlineData("--max-iter", "10")]
    public void Nuclear_norm_refuses_options_of_gradient_descent(string option, string value)
    {
        var result = CliRunner.Run("complete", "--method", "nuclear", "--n", "10", "--rank", "1", "--observations", "50", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} is an option of gradient descent", result.Err);
    }

    static string[] TinyRun(string folder, string momentum) =>
        ["train", "--data-dir", TestData.Root, "--train-images", "64", "--test-images", "32", "--batch", "32", "--epochs", "1",
            "--momentum", momentum, "--out", folder];

    [Fact]
    public void Resuming_with_other_settings_names_the_setting_in_one_line_and_resuming_nothing_says_it_starts_fresh()
    {
        using var dir = new TempDir();
        string folder = dir.File("run");

        var fresh = CliRunner.Run([.. TinyRun(folder, "0.9"), "--resume"]);
        Assert.Equal(0, fresh.ExitCode);
        Assert.Contains($"--resume: no checkpoint in {folder}, so this is a fresh run", fresh.Out);

        var other = CliRunner.Run([.. TinyRun(folder, "0.5"), "--resume", "--schedule", "step:1/0.5"]);
        Assert.Equal(1, other.ExitCode);
        string error = other.Err.Trim();
        Assert.Single(error.Split('\n'));
        Assert.Contains("Momentum 0.9 in the checkpoint, 0.5 now", error);
        Assert.Contains("Schedule {", error);
    }
}
