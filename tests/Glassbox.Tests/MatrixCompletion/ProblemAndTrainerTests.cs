using Glassbox.Data;
using Glassbox.Tests.Data;
using Glassbox.MatrixCompletion;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.MatrixCompletion;

public class ProblemAndTrainerTests
{
    [Theory]
    [InlineData(100, 5, 2000, 1)]
    [InlineData(30, 1, 200, 2)]
    [InlineData(20, 20, 400, 3)]
    public void Generated_truth_has_rank_r_and_frobenius_norm_n(int n, int rank, int k, int seed)
    {
        var problem = LowRankProblem.Generate(n, rank, k, seed);
        using var w = tensor(problem.Truth!.Data, float64).view(n, n);
        double[] singular = Spectrum.SingularValues(w);
        Assert.Equal(n, Math.Sqrt(singular.Sum(s => s * s)), 9);
        Assert.Equal(n, w.norm().item<double>(), 9);
        Assert.True(singular[rank - 1] > 1e-6 * singular[0], "the first r singular values are non-zero");
        if (rank < n) Assert.True(singular[rank] < 1e-10 * singular[0], $"σ_(r+1) = {singular[rank]:E3}");

        Assert.Equal(k, problem.Train.Count); // the Observations record refuses repeated positions
        for (int i = 0; i < k; i++)
            Assert.Equal(problem.Truth[problem.Train.Row[i], problem.Train.Col[i]], problem.Train.Value[i]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_problem_and_another_seed_another()
    {
        var a = LowRankProblem.Generate(40, 3, 300, 7);
        var b = LowRankProblem.Generate(40, 3, 300, 7);
        var c = LowRankProblem.Generate(40, 3, 300, 8);
        Assert.Equal(a.Truth!.Data, b.Truth!.Data);
        Assert.Equal(a.Train.Row, b.Train.Row);
        Assert.NotEqual(a.Truth.Data, c.Truth!.Data);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(10, 11, 5)]
    [InlineData(10, 0, 5)]
    [InlineData(10, 2, 101)]
    [InlineData(10, 2, 0)]
    public void Impossible_problems_are_refused(int n, int rank, int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LowRankProblem.Generate(n, rank, k, 1));

    [Fact]
    public void Effective_rank_counts_equal_singular_values()
    {
        Assert.Equal(5, Spectrum.EffectiveRank([2, 2, 2, 2, 2, 0, 0]), 12);
        Assert.Equal(1, Spectrum.EffectiveRank([3, 0]), 12);
        Assert.Equal(0, Spectrum.EffectiveRank([0, 0]));
        double p = 0.75, q = 0.25;
        Assert.Equal(Math.Exp(-(p * Math.Log(p) + q * Math.Log(q))), Spectrum.EffectiveRank([3, 1]), 12);
    }

    [Fact]
    public void The_log_schedule_has_about_the_asked_number_per_decade()
    {
        var schedule = new LogSchedule(perDecade: 10);
        long[] picked = Enumerable.Range(0, 100_001).Where(t => schedule.Contains(t)).Select(t => (long)t).ToArray();
        Assert.Equal([0L, 1, 2, 3, 5, 6, 7, 10, 12, 15, 19, 25], picked.Take(12));
        Assert.Contains(100_000, picked);
        Assert.Contains(1000, picked);
        Assert.InRange(picked.Length, 40, 52); // ≤ 10 per decade over 5 decades (fewer in the first), plus 0
    }

    [Fact]
    public void Depth_one_fits_the_observed_entries_and_leaves_the_rest_at_their_start()
    {
        // Depth 1 is plain least squares on the observed entries: the gradient never touches an unobserved one.
        var problem = LowRankProblem.Generate(12, 2, 60, 4);
        var options = new DeepFactorizationOptions(Depth: 1, InitScale: 1e-3, Step: 0.5 * 60 / 2.0, Rule: StepRule.Fixed,
            LossThreshold: 1e-20, MaxIterations: 50, Seed: 9);
        var result = DeepFactorizationTrainer.Fit(problem, options);
        Assert.True(result.Converged, $"loss {result.Final.TrainLoss:E3}");

        using var start = DeepFactorization.Initialize(problem.Train, 1, FactorInit.Gaussian, 1e-3, 9);
        double[] initial = start.Factors[0].data<double>().ToArray();
        var observed = problem.Train.Row.Zip(problem.Train.Col, (r, c) => r * 12 + c).ToHashSet();
        for (int i = 0; i < 144; i++)
            if (!observed.Contains(i)) Assert.Equal(initial[i], result.Product.Data[i], 15);
    }

    [Fact]
    public void Depth_three_recovers_a_low_rank_matrix_from_few_entries()
    {
        // 30×30 rank 1 from 150 entries (a sixth), the regime where depth helps.
        var problem = LowRankProblem.Generate(30, 1, 150, 5);
        var result = DeepFactorizationTrainer.Fit(problem, new DeepFactorizationOptions(Depth: 3, Step: 1e-2, Seed: 3));
        Assert.True(result.Converged);
        Assert.True(result.Final.ReconstructionError < 1e-3, $"reconstruction error {result.Final.ReconstructionError:E3}");
        Assert.InRange(result.Final.EffectiveRank, 1, 1.1);
        Assert.True(result.Trajectory.Count > 10);
        Assert.Equal(result.Iterations, result.Trajectory[^1].Iteration);
    }

    [Fact]
    public void Divergence_is_reported_not_returned()
    {
        var problem = LowRankProblem.Generate(10, 2, 50, 1);
        var error = Assert.Throws<InvalidOperationException>(() => DeepFactorizationTrainer.Fit(problem,
            new DeepFactorizationOptions(Depth: 2, InitScale: 1, Step: 1e6, Rule: StepRule.Fixed, MaxIterations: 1000)));
        Assert.Contains("diverged", error.Message);
    }

    [Fact]
    public void MovieLens_standard_split_reads_u1()
    {
        string folder = Path.Combine(TestData.Root, "movielens", "ml-100k");
        var problem = MovieLensProblem.Standard(folder);
        Assert.Equal((1682, 943), (problem.Rows, problem.Cols)); // items × users, as the authors
        Assert.Equal(80_000, problem.Train.Count);
        Assert.Equal(20_000, problem.Test!.Count);
        var random = MovieLensProblem.RandomSplit(folder, 0.2, seed: 1);
        Assert.Equal(80_000, random.Train.Count);
        Assert.Equal(20_000, random.Test!.Count);
    }
}
