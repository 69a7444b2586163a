using Glassbox.Experiments.MatrixCompletion;
using Glassbox.MatrixCompletion;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>When the dynamics experiment checks the law, what it traces, and how it summarises the checks.</summary>
public sealed class DynamicsScheduleTests
{
    static DynamicsOptions Small(long maxIterations, int checksPerDecade = 6) => new(2, N: 12, Rank: 2, Observations: 80, Step: 0.1,
        MaxIterations: maxIterations, LossThreshold: 0, Tracked: 2, InitScale: 1e-2, TracePerDecade: 3, ChecksPerDecade: checksPerDecade);

    [Theory]
    // round(10^(i/c)), keeping one only when it is at least 3 past the last kept, below the iteration limit.
    [InlineData(6, 200, new long[] { 1, 5, 10, 15, 22, 32, 46, 68, 100, 147 })]
    [InlineData(20, 40, new long[] { 1, 4, 7, 10, 13, 16, 20, 25, 28, 32, 35 })]
    public void The_law_is_checked_at_log_spaced_iterations_at_least_three_apart(int perDecade, long max, long[] expected)
    {
        var result = DynamicsExperiment.Run(Small(max, perDecade));
        Assert.Equal(expected, result.Checks.Select(c => c.Iteration).Distinct().ToArray());
        Assert.All(result.Checks, c => Assert.InRange(c.Index, 1, 2));
        Assert.Contains(result.Checks, c => c.Index == 2);
    }

    [Fact]
    public void Each_check_compares_the_central_difference_with_the_law_and_the_summary_is_their_median_and_maximum()
    {
        var progress = new Collected<DynamicsPoint>();
        var result = DynamicsExperiment.Run(Small(200), progress);
        foreach (var c in result.Checks)
            Assert.Equal(Math.Abs(c.Measured - c.Predicted) / Math.Abs(c.Predicted), c.RelativeError, 1e-15);
        double[] sorted = result.Checks.Select(c => c.RelativeError).Order().ToArray();
        Assert.Equal(sorted.Length, result.CheckedValues);
        Assert.Equal(sorted[sorted.Length / 2], result.MedianRelativeError);
        Assert.Equal(sorted[^1], result.MaxRelativeError);
        Assert.True(sorted[0] < sorted[^1]);

        // Traced on the log schedule and at the end, each point also reported as progress.
        var schedule = new LogSchedule(3);
        long[] traced = Enumerable.Range(0, 200).Select(t => (long)t).Where(schedule.Contains).Append(200).ToArray();
        Assert.Equal(traced, result.Trace.Select(p => p.Iteration).ToArray());
        Assert.Equal(result.Trace, progress.Items);
        Assert.Equal((200L, false), (result.Iterations, result.Converged));
    }

    [Fact]
    public void A_run_too_short_for_any_check_reports_NaN_not_a_number_from_nothing()
    {
        var result = DynamicsExperiment.Run(Small(1));
        Assert.Empty(result.Checks);
        Assert.Equal(0, result.CheckedValues);
        Assert.True(double.IsNaN(result.MedianRelativeError));
        Assert.True(double.IsNaN(result.MaxRelativeError));
    }

    [Fact]
    public void The_run_stops_when_the_loss_equals_the_threshold()
    {
        var options = Small(200);
        var problem = LowRankProblem.Generate(options.N, options.Rank, options.Observations, options.Seed);
        double start;
        using (var model = DeepFactorization.Initialize(problem.Train, options.Depth, FactorInit.Balanced, options.InitScale, options.Seed))
            start = model.ComputeGradients();
        var result = DynamicsExperiment.Run(options with { LossThreshold = start });
        Assert.Equal((0L, true, start), (result.Iterations, result.Converged, result.FinalLoss));
    }

    [Fact]
    public void A_cancelled_run_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DynamicsExperiment.Run(Small(200), cancel: cancel.Token));
    }

    [Fact]
    public void A_diverging_run_names_the_iteration_and_the_step() =>
        Assert.Contains("diverged at iteration", Assert.Throws<InvalidOperationException>(() =>
            DynamicsExperiment.Run(Small(200) with { Step = 1e8, InitScale = 1 })).Message);
}
