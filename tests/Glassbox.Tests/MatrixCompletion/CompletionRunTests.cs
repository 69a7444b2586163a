using Glassbox.Experiments.MatrixCompletion;
using Glassbox.MatrixCompletion;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>One completion job's measurements, and a list of jobs run, resumed and written in a fixed order.</summary>
public sealed class CompletionRunTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    static CompletionSpec Deep(string experiment = "t", long seed = 1) =>
        new(experiment, CompletionData.LowRank, 10, 2, 60, seed, 2, InitScale: 0.1, Step: 0.05, Rule: StepRule.Fixed, MaxIterations: 20);

    static CompletionSpec Nuclear(long seed = 1) => Deep(seed: seed) with { Depth = null };

    [Fact]
    public void Keys_name_the_method_and_only_a_factorization_its_settings()
    {
        Assert.Equal("t/lowrank-n10-r2-k60-s1/nuclear", Nuclear().Key);
        Assert.Equal("t/lowrank-n10-r2-k60-s1/depth-2/init0.1/fixed0.05/max20", Deep().Key);
        Assert.Equal("t/ml-100k-u1/nuclear", (Nuclear() with { Data = CompletionData.MovieLensU1 }).Key);
    }

    [Fact]
    public void A_factorization_job_reports_the_whole_spectrum_sum_and_the_top_values()
    {
        var result = CompletionJob.Run(Deep(), TestData.Root);
        Assert.Equal(2, result.Rank);
        Assert.Equal(10, result.TopSingularValues.Length); // all of a 10×10 product
        Assert.Equal(result.TopSingularValues.Sum(), result.NuclearNorm, 1e-12);
        Assert.True(result.TopSingularValues[0] > result.TopSingularValues[^1]);
        Assert.NotNull(result.ReconstructionError);
        Assert.Null(result.TestError); // no held-out entries in a synthetic problem
        Assert.Null(result.BestTestError);
        Assert.Null(result.Trajectory);
        var kept = CompletionJob.Run(Deep(), TestData.Root, keepTrajectory: true);
        Assert.Equal(20, kept.Trajectory![^1].Iteration);
    }

    [Fact]
    public void A_nuclear_norm_job_reports_its_certificate_and_spectrum()
    {
        var result = CompletionJob.Run(Nuclear(), TestData.Root);
        Assert.Equal("nuclear", result.Method);
        Assert.Equal(10, result.TopSingularValues.Length);
        Assert.Equal(result.TopSingularValues.Sum(), result.NuclearNorm, 1e-12);
        var solved = NuclearNormSolver.Solve(LowRankProblem.Generate(10, 2, 60, 1).Train);
        Assert.Equal(LowRank.NuclearNorm(solved.X.Data, 10, 10), result.NuclearNorm, 1e-8);
        Assert.NotNull(result.RelativeGap);
        Assert.Null(result.TestError);
    }

    [Fact]
    public void A_MovieLens_job_has_no_rank_and_keeps_its_best_held_out_error()
    {
        var spec = Deep() with { Data = CompletionData.MovieLensU1, InitScale = 1e-3, Step = 1e-3, Rule = StepRule.Normalized, MaxIterations = 3 };
        var result = CompletionJob.Run(spec, TestData.Root, keepTrajectory: true);
        Assert.Null(result.Rank);
        Assert.NotNull(result.TestError);
        double best = result.Trajectory!.Min(r => r.TestError);
        Assert.True(result.Trajectory!.Max(r => r.TestError) > best);
        Assert.Equal(best, result.BestTestError);
        Assert.Equal(result.Trajectory!.First(r => r.TestError == best).Iteration, result.BestTestIteration);
    }

    [Fact]
    public void A_run_reports_each_job_resumes_without_rerunning_and_writes_jobs_in_their_order_then_others_by_key()
    {
        string path = _temp.File("results.jsonl");
        CompletionSpec a = Nuclear(1), b = Nuclear(2), x = Nuclear(3) with { Experiment = "x" }, y = Nuclear(3) with { Experiment = "y" };
        new CompletionRun([y, x], path, TestData.Root).Execute();

        var progress = new Collected<CompletionProgress>();
        var results = new CompletionRun([b, a, b], path, TestData.Root).Execute(progress);
        Assert.Equal([b.Key, a.Key], results.Select(r => r.Key));
        // Each job once (b listed twice): a start and a finish, counted in order.
        Assert.Equal([(b.Key, 0, false), (b.Key, 1, true), (a.Key, 1, false), (a.Key, 2, true)],
            progress.Items.Select(p => (p.Job.Key, p.Done, p.Finished is not null)));
        Assert.All(progress.Items, p => Assert.Equal(3, p.Total));
        Assert.Equal([b.Key, a.Key, x.Key, y.Key], File.ReadLines(path).Select(line => line[(line.IndexOf("\"key\":\"") + 7)..].Split('"')[0]));

        var again = new Collected<CompletionProgress>();
        var resumed = new CompletionRun([a, b], path, TestData.Root).Execute(again);
        Assert.Empty(again.Items);
        Assert.Equal([a.Key, b.Key], resumed.Select(r => r.Key));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new CompletionRun([Nuclear(4)], path, TestData.Root).Execute(cancel: cancel.Token));
    }

    [Fact]
    public void A_factorization_job_relays_its_iterations_as_progress()
    {
        var progress = new Collected<CompletionProgress>();
        new CompletionRun([Deep()], _temp.File("r.jsonl"), TestData.Root).Execute(progress);
        var live = progress.Items.Where(p => p.Iteration is not null).ToList();
        Assert.NotEmpty(live);
        Assert.Equal(20, live[^1].Iteration!.Iteration);
        Assert.All(live, p => Assert.Equal(0, p.Done));
    }

    [Fact]
    public void A_damaged_results_file_is_named_with_what_each_line_should_hold()
    {
        string path = _temp.File("bad.jsonl");
        File.WriteAllText(path, "not json\n");
        var error = Assert.Throws<InvalidDataException>(() => new CompletionRun([Nuclear()], path, TestData.Root).Execute());
        Assert.Contains("line 1: expected one completion result as JSON", error.Message);
    }
}
