using Glassbox.Data;
using Glassbox.MatrixCompletion;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>
/// Where the solvers stop and what they report on the way: the boundaries of the stopping rules, the first
/// ADMM iteration worked out by hand, progress, cancellation and the recorded spectrum.
/// </summary>
public sealed class StoppingRulesTests
{
    static readonly CompletionProblem Problem = LowRankProblem.Generate(8, 2, 40, 5);
    static readonly DeepFactorizationOptions Options = new(Depth: 2, InitScale: 0.1, Step: 0.05, Rule: StepRule.Fixed, MaxIterations: 30, Seed: 3);

    [Fact]
    public void Gradient_descent_stops_when_the_loss_equals_the_threshold()
    {
        double start;
        using (var model = DeepFactorization.Initialize(Problem.Train, Options.Depth, Options.Init, Options.InitScale, Options.Seed))
            start = model.ComputeGradients();
        var result = DeepFactorizationTrainer.Fit(Problem, Options with { LossThreshold = start });
        Assert.Equal((0L, true), (result.Iterations, result.Converged));
        Assert.Equal(start, result.Final.TrainLoss);
    }

    [Fact]
    public void Gradient_descent_runs_exactly_the_iteration_limit_and_reports_every_record()
    {
        var progress = new Collected<FactorizationRecord>();
        var result = DeepFactorizationTrainer.Fit(Problem, Options with { LossThreshold = 0 }, progress);
        Assert.Equal((30L, false), (result.Iterations, result.Converged));
        Assert.Equal(30, result.Final.Iteration);
        Assert.Equal(result.Trajectory, progress.Items);
        Assert.Equal(0, DeepFactorizationTrainer.Fit(Problem, Options with { MaxIterations = 0 }).Iterations);
    }

    [Fact]
    public void A_cancelled_fit_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DeepFactorizationTrainer.Fit(Problem, Options, cancel: cancel.Token));
    }

    [Fact]
    public void A_record_keeps_the_product_only_when_asked_and_the_largest_singular_values_in_order()
    {
        using var model = DeepFactorization.Initialize(Problem.Train, 2, FactorInit.Gaussian, 1, 1);
        double loss = model.ComputeGradients();
        var record = DeepFactorizationTrainer.Record(model, Problem, 0, loss, 0.1, 3, out Matrix? none);
        Assert.Null(none);
        DeepFactorizationTrainer.Record(model, Problem, 0, loss, 0.1, 3, out Matrix? kept, keep: true);
        double[] product;
        using (var w = model.Product()) product = w.contiguous().data<double>().ToArray();
        Assert.Equal(product, kept!.Data);
        Assert.Equal(3, record.SingularValues.Length);
        // The largest three: their squares sum to ‖W‖_F² less what the others hold, and σ₁ ≥ σ₂ ≥ σ₃ ≥ every other.
        double[] all = Spectrum.SingularValues(TorchSharp.torch.tensor(product, [8, 8], TorchSharp.torch.float64));
        Assert.Equal(all[..3], record.SingularValues);
        Assert.Equal(LowRank.NuclearNorm(product, 8, 8), all.Sum(), 1e-10);
        Assert.Equal(product.Sum(v => v * v), all.Sum(s => s * s), 1e-10);
    }

    [Fact]
    public void The_law_evaluates_at_most_as_many_singular_values_as_the_matrix_has()
    {
        using var model = DeepFactorization.Initialize(Problem.Train, 2, FactorInit.Balanced, 1e-2, 1);
        model.ComputeGradients();
        var (sigma, rate) = SingularValueLaw.Evaluate(model, 100);
        Assert.Equal((8, 8), (sigma.Length, rate.Length));
    }

    [Fact]
    public void The_first_ADMM_iteration_matches_the_hand_computation()
    {
        // One observed entry (0,0) = 2 of a 2×2 matrix, ε = 0. Z₀ = [[2,0],[0,0]], σ₁ = 2, so ρ = 1/(0.1·2) = 5 and
        // X₁ = SVT(Z₀, 1/ρ) = [[1.8,0],[0,0]]; Ẑ = 1.6·X₁ − 0.6·Z₀ = 1.68 at (0,0), clamped to 2: Z₁ = Z₀, U₁ = −0.32.
        // Residual ‖X₁ − Z₁‖/max(1, ‖Z₁‖) = 0.2/2; the multiplier −ρU = 1.6 scaled to norm one certifies 2 = ‖Z₁‖_*.
        var observed = new Observations(2, 2, [0], [0], [2.0]);
        var result = NuclearNormSolver.Solve(observed, new NuclearNormOptions(Epsilon: 0, MaxIterations: 1));
        Assert.Equal(0.1, result.PrimalResidual, 1e-12);
        Assert.Equal((1, false), (result.Iterations, result.Converged));
        Assert.Equal(2, result.NuclearNorm, 1e-12);
        Assert.Equal(2, result.DualBound, 1e-12);
        Assert.Equal([2.0, 0, 0, 0], result.X.Data);
    }

    [Fact]
    public void All_zero_observations_complete_to_the_zero_matrix_at_the_first_certificate()
    {
        var observed = new Observations(3, 3, [0, 2], [1, 2], [0.0, 0]);
        var result = NuclearNormSolver.Solve(observed, new NuclearNormOptions(Epsilon: 0));
        Assert.Equal((10, true), (result.Iterations, result.Converged));
        Assert.All(result.X.Data, v => Assert.Equal(0, v));
        Assert.Equal(0, result.NuclearNorm);
    }

    [Theory]
    [InlineData(1, 260, 11)]
    [InlineData(2, 260, 14)]
    public void A_converged_solve_meets_both_tolerances(int rank, int count, int seed)
    {
        var (observed, _) = LowRank.Problem(20, 20, rank, count, seed);
        var options = new NuclearNormOptions(Epsilon: 0, GapTolerance: 1e-5, ResidualTolerance: 1e-9);
        var result = NuclearNormSolver.Solve(observed, options);
        Assert.True(result.Converged);
        Assert.InRange(result.RelativeGap, -1e-12, options.GapTolerance);
        Assert.InRange(result.PrimalResidual, 0, options.ResidualTolerance);
    }
}
