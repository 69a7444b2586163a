using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

/// <summary>Issue 11, point 7: every output location is checked before any work, with one sentence and exit 2.</summary>
public sealed class OutputPathTests
{
    public static TheoryData<string[], string> Refused()
    {
        string underFile = Path.Combine(TestData.Root, "README.md", "out");
        return new TheoryData<string[], string>
        {
            { ["lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--plot", "/proc/lr.png"], "--plot /proc/lr.png: cannot write in /proc" },
            { ["lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--plot", "lr.jpg"], "--plot lr.jpg: expected a file ending in .png" },
            { ["lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--out", "/proc/lr.json"], "--out /proc/lr.json: cannot write in /proc" },
            { ["kernel", "--depth", "1", "--x", "x.csv", "--out", "/proc/k.csv"], "--out /proc/k.csv: cannot write in /proc" },
            { ["uci", "--datasets", "lenses", "--out", underFile], "is a file, so nothing can be created under it" },
            { ["complete", "--n", "10", "--rank", "1", "--observations", "50", "--out", "/proc/c.json"], "--out /proc/c.json: cannot write in /proc" },
            { ["complete", "sweep", "--out", "/proc/sweep"], "--out /proc/sweep: cannot write in /proc" },
            { ["train", "--out", "/proc/run"], "--out /proc/run: cannot write in /proc" },
            { ["lr", "equivalence", "--out", "/proc/eq"], "--out /proc/eq: cannot write in /proc" },
            { ["tour", "--out", "/proc/report"], "--out /proc/report: cannot write in /proc" },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_output_location_is_a_usage_error_before_any_work(string[] args, string expected)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.Equal("", result.Out); // nothing printed before the refusal: no table, no progress
        Assert.DoesNotContain("Exception", result.Err);
    }
}
