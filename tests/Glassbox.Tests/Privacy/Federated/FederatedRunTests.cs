using Glassbox.Data;
using Glassbox.Privacy.Federated;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;
using Glassbox.Tests.Training;

namespace Glassbox.Tests.Privacy.Federated;

public sealed class FederatedRunTests
{
    static FederatedOptions Options(int rounds, string split = "dirichlet:0.5") =>
        new("gncnn", Parties: 4, Rounds: rounds, Fraction: 0.5, split, new LocalTraining(1, 8, 0.1, 1), Seed: 3, Threads: 1);

    [Fact]
    public void A_rerun_resumes_from_the_saved_global_model_and_other_settings_are_refused()
    {
        using var dir = new TempDir();
        ImageSplit data = TrainerTests.Synthetic();
        var straight = FederatedRun.Run(data, Options(3), Path.Combine(dir.Path, "straight"));
        FederatedRun.Run(data, Options(2), Path.Combine(dir.Path, "resumed"));
        var resumed = FederatedRun.Run(data, Options(3), Path.Combine(dir.Path, "resumed"));
        Assert.Equal([1, 2, 3], resumed.Select(r => r.Round));
        Assert.All(resumed, r => Assert.Equal(2, r.Parties.Length)); // half of 4 parties a round
        // Every draw depends on (seed, round, party): the resumed run ends where the uninterrupted one does.
        Assert.Equal(straight[^1].TestLoss!.Value, resumed[^1].TestLoss!.Value, 12);
        var error = Assert.Throws<InvalidDataException>(() => FederatedRun.Run(data, Options(4, "iid"), Path.Combine(dir.Path, "resumed")));
        Assert.Contains("belongs to a run with other settings", error.Message);
    }

    [Theory]
    [InlineData("--split", "dirichlet:-1", "the Dirichlet α must be finite and > 0")]
    [InlineData("--split", "zipf", "expected iid or dirichlet:ALPHA")]
    [InlineData("--parties", "0", "parties must be between 1 and")]
    [InlineData("--fraction", "1.5", "the fraction of parties per round must be in (0, 1]")]
    [InlineData("--model", "preresnet20", "uses BatchNorm")]
    public void Bad_settings_are_one_sentence_and_exit_2(string option, string value, string message)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("federated", "--data-dir", TestData.Root, "--rounds", "1", "--train-images", "100", option, value, "--out", Path.Combine(dir.Path, "run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
