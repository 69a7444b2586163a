using Glassbox.Backend;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class DoctorAndDataCheckTests
{
    [Fact]
    public void Doctor_reports_libtorch_the_patch_and_passing_self_checks()
    {
        var result = CliRunner.Run("doctor", "--data-dir", TestData.Root);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("LibTorch", result.Out);
        Assert.Contains("2.10", result.Out);
        Assert.DoesNotContain("FAIL", result.Out);
        Assert.Contains("backend OK", result.Out);
        if (GlibcxxWeakPatch.HostProvidesVersion() == false)
            Assert.Contains("in effect", result.Out);
    }

    [Fact]
    public void Data_check_on_a_clean_copy_succeeds()
    {
        using var dir = new TempDir();
        dir.UciRootWith("iris");

        var result = CliRunner.Run("data", "check", "--data-dir", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"iris\s+uci\s+150\s+4\s+3\s+OK", result.Out);
    }

    [Fact]
    public void Data_check_names_the_file_and_line_of_a_letter_in_a_numeric_cell()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.UciRootWith("iris"), "iris_R.dat");
        TextEdit.Cell(data, line: 7, column: 3, "0.5a");

        var result = CliRunner.Run("data", "check", "--data-dir", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("corrupt", result.Out);
        Assert.Contains($"{data}: line 7, column 3", result.Out);
    }

    [Fact]
    public void A_data_dir_that_does_not_exist_is_a_usage_error()
    {
        var result = CliRunner.Run("data", "check", "--data-dir", "/nonexistent/glassbox-data");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/glassbox-data", result.Err);
        Assert.DoesNotContain("   at ", result.Err); // no stack trace without --verbose
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("doctor", "--no-such-option")]
    public void Unknown_verbs_and_options_exit_2(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Err);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("doctor", "--help")]
    [InlineData("data", "--help")]
    [InlineData("data", "check", "--help")]
    public void Every_verb_has_help(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage", result.Out);
    }
}
