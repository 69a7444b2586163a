using System.Text.Json;
using Glassbox.Experiments.MatrixCompletion;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class CompleteVerbTests
{
    [Theory]
    [InlineData("--observations", "10001", "n² = 10000")]
    [InlineData("--rank", "101", "--rank")]
    [InlineData("--depth", "0", "--depth")]
    [InlineData("--init-scale", "0", "--init-scale")]
    [InlineData("--movielens", "u9", "u1 or random")]
    public void Impossible_arguments_are_usage_errors(string option, string value, string expected)
    {
        var result = CliRunner.Run("complete", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err);
    }

    [Fact]
    public void A_malformed_ratings_file_is_a_clear_error_naming_file_and_line()
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "movielens", "ml-100k");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.Move(dir.Copy(Path.Combine(TestData.Root, "movielens", "ml-100k")), folder);
        TextEdit.Line(Path.Combine(folder, "u1.base"), 5, line => string.Join("\t", line.Split('\t').Select((f, i) => i == 2 ? "9" : f)));

        var result = CliRunner.Run("complete", "--movielens", "u1", "--data-dir", dir.Path, "--max-iter", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("u1.base: line 5, field 3", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void One_run_writes_its_result_as_json()
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("complete", "--n", "20", "--rank", "2", "--observations", "200", "--depth", "2",
            "--step", "0.01", "--out", dir.File("run.json"));
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("run.json")));
        Assert.True(json.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal("depth-2", json.RootElement.GetProperty("method").GetString());
        // The zero matrix has error ‖W*‖²_F/n² = 1 exactly; half the entries of a rank-2 20×20 matrix determine it, and
        // gradient descent run to a training loss ≤ 1e-6 recovers it to within a hundredth of that.
        Assert.True(json.RootElement.GetProperty("reconstruction_error").GetDouble() < 1e-2); // measured 2.3e-3
        Assert.True(json.RootElement.GetProperty("train_loss").GetDouble() <= 1e-6);
        var trajectory = json.RootElement.GetProperty("trajectory");
        Assert.True(trajectory.GetArrayLength() > 5);
        Assert.Equal(0, trajectory[0].GetProperty("iteration").GetInt64());
        Assert.Equal(20, trajectory[0].GetProperty("singular_values").GetArrayLength());
    }

    [Fact]
    public void A_sweep_resumed_after_an_interruption_writes_what_an_uninterrupted_one_does()
    {
        using var dir = new TempDir();
        string[] common = ["complete", "sweep", "--n", "15", "--rank", "1", "--depths", "1,2", "--step", "0.02", "--seeds", "2", "--max-iter", "3000"];
        Assert.Equal(0, CliRunner.Run([.. common, "--observations", "60,90", "--out", dir.File("whole")]).ExitCode);

        // "Interrupted": only part of the jobs ran; the rerun adds the rest and redoes nothing.
        Assert.Equal(0, CliRunner.Run([.. common, "--observations", "60", "--out", dir.File("resumed")]).ExitCode);
        string partial = File.ReadAllText(dir.File("resumed/results.jsonl"));
        var rerun = CliRunner.Run([.. common, "--observations", "60,90", "--out", dir.File("resumed")]);
        Assert.Equal(0, rerun.ExitCode);

        static List<CompletionResult> Load(string path) =>
            File.ReadAllLines(path).Select(line => JsonSerializer.Deserialize<CompletionResult>(line,
                new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!).ToList();
        var whole = Load(dir.File("whole/results.jsonl"));
        var resumed = Load(dir.File("resumed/results.jsonl"));
        Assert.Equal(12, whole.Count);
        Assert.Equal(whole.Select(r => r with { Seconds = 0 }).Select(Json), resumed.Select(r => r with { Seconds = 0 }).Select(Json));
        Assert.StartsWith(partial.TrimEnd(), File.ReadAllText(dir.File("resumed/results.jsonl")).Replace("\r", "")[..partial.TrimEnd().Length]);
        Assert.True(File.Exists(dir.File("resumed/sweep.png")));
        Assert.Contains("mean error", File.ReadAllText(dir.File("resumed/summary.md")));
    }

    static string Json(CompletionResult r) => JsonSerializer.Serialize(r);
}
