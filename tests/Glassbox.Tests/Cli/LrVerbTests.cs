using System.Text.Json;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class LrVerbTests
{
    [Fact]
    public void Convert_prints_alpha_the_growth_per_epoch_the_buffer_and_the_table()
    {
        var result = CliRunner.Run("lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--steps-per-epoch", "391");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("α = 0.99949772", result.Out);
        Assert.Contains("α^(−2·391) = 1.481", result.Out);
        Assert.Contains("ṽ₀ = (α − 1)/(α·η)·θ₀ = -5.025", result.Out);
        Assert.Contains("η̃_t = η·α^(−2t−1)", result.Out);
        Assert.Contains("199", result.Out);
    }

    [Fact]
    public void A_step_decay_converts_to_a_tapered_schedule_with_plot_and_json()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--schedule", "step:60,90/0.1",
            "--epochs", "100", "--plot", dir.File("lr.png"), "--out", dir.File("lr.json"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tapered exponential", result.Out);
        Assert.True(new FileInfo(dir.File("lr.png")).Length > 1000);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("lr.json")));
        Assert.Equal("texp", json.RootElement.GetProperty("converted").GetProperty("kind").GetString());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        // The milestone epochs and the ones before them are rows: 0.1 at epoch 59, 0.01 at epoch 60.
        Assert.Equal(0.1, rows.Single(r => r.GetProperty("epoch").GetInt32() == 59).GetProperty("rate").GetDouble());
        Assert.Equal(0.01, rows.Single(r => r.GetProperty("epoch").GetInt32() == 60).GetProperty("rate").GetDouble(), 1e-17);
    }

    [Theory]
    [InlineData("--momentum", "1", "--momentum must be in [0, 1)")]
    [InlineData("--wd", "0.05", "exceeds (1 − √momentum)²")]
    [InlineData("--schedule", "linear", "schedule 'linear': unknown schedule")]
    [InlineData("--schedule", "step:60,x", "found 'x'")]
    [InlineData("--steps-per-epoch", "0", "--steps-per-epoch must be ≥ 1")]
    [InlineData("--start", "later", "later")]
    public void Bad_arguments_are_usage_errors(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--lr"] = "0.1", ["--momentum"] = "0.9", ["--wd"] = "5e-4", [option] = value };
        var result = CliRunner.Run(["lr", "convert", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void A_cosine_to_zero_converts_over_the_run_and_a_growing_rate_is_refused()
    {
        Assert.Equal(0, CliRunner.Run("lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "5e-4", "--schedule", "cosine", "--epochs", "5").ExitCode);
        var result = CliRunner.Run("lr", "convert", "--lr", "0.1", "--momentum", "0.9", "--wd", "1e-2", "--schedule", "exp:10", "--epochs", "50");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no equivalent without weight decay at step", result.Err);
    }
}
