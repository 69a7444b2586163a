using System.Text.Json;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class InvertGradientVerbTests
{
    [Theory]
    [InlineData("--defense", "blur:2", "expected none, noise:SIGMA")]
    [InlineData("--defense", "prune:1", "0 ≤ P < 1")]
    [InlineData("--batch", "0", "--batch must be ≥ 1")]
    [InlineData("--index", "60000", "mnist has 60000 training images")]
    public void Bad_input_is_one_sentence_exit_2_and_nothing_written(string option, string value, string message)
    {
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "inv");
        var result = CliRunner.Run("invert-gradient", "--data-dir", TestData.Root, option, value, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'), line => line.StartsWith("glassbox:"));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_run_writes_the_grid_and_the_json_with_one_entry_per_image()
    {
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "inv");
        var result = CliRunner.Run("invert-gradient", "--data-dir", TestData.Root, "--index", "5", "--batch", "2", "--iterations", "1", "--restarts", "1",
            "--defense", "dp:1,0.5", "--out", output);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "inversion.json")));
        Assert.Equal("dp:1,0.5", json.RootElement.GetProperty("defense").GetString());
        Assert.Equal([0, 1], json.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("Truth").GetInt32()).Order());
        Assert.True(new FileInfo(Path.Combine(output, "inversion.png")).Length > 100);
    }
}
