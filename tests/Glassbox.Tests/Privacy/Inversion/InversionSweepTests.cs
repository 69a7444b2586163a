using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Privacy;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy.Inversion;

public sealed class InversionSweepTests
{
    [Fact]
    public void Runs_each_case_once_resumes_from_the_finished_ones_and_refuses_other_settings()
    {
        using var dir = new TempDir();
        ImageDataset mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train;
        var options = new InversionSweepOptions("mnist", "lenet", Iterations: 8, Restarts: 1, Seed: 1);
        var rows = InversionSweep.Run(mnist, options, [7], ["none", "noise:0.1"], KeySource.Insecure(1), dir.Path);
        Assert.Equal(["none", "noise:0.1"], rows.Select(r => r.Defense));
        Assert.True(rows[0].MeanSsim > rows[1].MeanSsim, $"no defence {rows[0].MeanSsim:0.000} against noise 0.1 {rows[1].MeanSsim:0.000}");
        string cases = File.ReadAllText(Path.Combine(dir.Path, InversionSweep.CasesFile));
        Assert.True(File.Exists(Path.Combine(dir.Path, InversionSweep.GridFile)));
        Assert.Contains("| noise:0.1 | 1 |", File.ReadAllText(Path.Combine(dir.Path, InversionSweep.SummaryFile)));

        // A rerun with one more defence runs only the new case and keeps the old ones as they were.
        var again = InversionSweep.Run(mnist, options, [7], ["none", "noise:0.1", "prune:0.5"], KeySource.Insecure(1), dir.Path);
        Assert.Equal(rows[0], again[0]);
        Assert.StartsWith(cases.TrimEnd(), File.ReadAllText(Path.Combine(dir.Path, InversionSweep.CasesFile)));
        Assert.Equal(3, File.ReadLines(Path.Combine(dir.Path, InversionSweep.CasesFile)).Count());

        Assert.Throws<InvalidDataException>(() => InversionSweep.Run(mnist, options with { Iterations = 9 }, [7], ["none"], KeySource.Insecure(1), dir.Path));
        // A bad defence is refused before any case runs.
        var result = CliRunner.Run("invert-gradient", "sweep", "--data-dir", TestData.Root, "--dataset", "mnist", "--indices", "7", "--defenses", "none", "blur:3",
            "--out", Path.Combine(dir.Path, "bad"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--defense 'blur:3'", result.Err);
        Assert.False(File.Exists(Path.Combine(dir.Path, "bad", InversionSweep.CasesFile)));
    }
}
