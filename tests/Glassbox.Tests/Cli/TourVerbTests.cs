namespace Glassbox.Tests.Cli;

public sealed class TourVerbTests
{
    [Fact]
    public void An_unknown_chapter_is_a_usage_error_naming_the_chapters()
    {
        var r = CliRunner.Run("tour", "--chapters", "nope", "--out", Path.Combine(Path.GetTempPath(), "glassbox-tour-never"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'nope'", r.Err);
        Assert.Contains("infinite-width", r.Err);
    }

    [Fact]
    public void An_unwritable_report_folder_is_refused_before_any_work()
    {
        var r = CliRunner.Run("tour", "--out", "/proc/glassbox-report");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out /proc/glassbox-report", r.Err);
        Assert.DoesNotContain("estimated", r.Out);
    }

    [Fact]
    public void Help_names_the_options()
    {
        var r = CliRunner.Run("tour", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (string option in new[] { "--full", "--chapters", "--out", "--force" }) Assert.Contains(option, r.Out);
    }
}
