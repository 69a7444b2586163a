using System.Text.Json;

namespace Glassbox.Tests.Cli;

public sealed class DpVerbTests
{
    [Fact]
    public void Epsilon_prints_opacus_test_vector_and_its_order()
    {
        var result = CliRunner.Run("dp", "epsilon", "--noise", "1.5", "--sample-rate", "0.04", "--steps", "2250", "--delta", "1e-5");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ε = 7.329111 at δ = 1e-05", result.Out);
        Assert.Contains("α = 3.9, improved", result.Out);
    }

    [Fact]
    public void Epsilon_as_json_with_the_classic_conversion_gives_tf_privacys_tutorial_figure()
    {
        var result = CliRunner.Run("dp", "epsilon", "--noise", "1.1", "--sample-rate", (256.0 / 60000).ToString("R"), "--steps", "14063",
            "--delta", "1e-5", "--conversion", "classic", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(3.008381, json.RootElement.GetProperty("epsilon").GetDouble(), 6);
        Assert.Equal("classic", json.RootElement.GetProperty("conversion").GetString());
    }

    [Fact]
    public void Noise_finds_the_sigma_that_epsilon_was_computed_from()
    {
        var result = CliRunner.Run("dp", "noise", "--epsilon", "7.329111", "--sample-rate", "0.04", "--steps", "2250", "--delta", "1e-5", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(1.5, json.RootElement.GetProperty("noise").GetDouble(), 5);
        Assert.True(json.RootElement.GetProperty("epsilon").GetDouble() <= 7.329111);
    }

    [Theory]
    [InlineData("epsilon", "--sample-rate", "0", "--sample-rate must be in (0, 1]")]
    [InlineData("epsilon", "--sample-rate", "1.5", "--sample-rate must be in (0, 1]")]
    [InlineData("epsilon", "--noise", "0", "--noise must be a finite number > 0")]
    [InlineData("epsilon", "--delta", "1", "--delta must be in (0, 1)")]
    [InlineData("epsilon", "--steps", "0", "--steps must be ≥ 1")]
    [InlineData("noise", "--epsilon", "-1", "--epsilon must be a finite number > 0")]
    [InlineData("noise", "--epsilon", "1e-9", "no noise multiplier up to 10⁶ reaches")]
    public void Bad_parameters_are_refused_in_one_sentence(string verb, string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--sample-rate"] = "0.01", ["--steps"] = "100", ["--delta"] = "1e-5" };
        args[verb == "epsilon" ? "--noise" : "--epsilon"] = "1";
        args[option] = value;
        var result = CliRunner.Run(["dp", verb, .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'), l => l.StartsWith("glassbox:"));
    }
}
