using Glassbox.Data;
using Glassbox.MatrixCompletion;
using static TorchSharp.torch;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>
/// The small numeric pieces under both solvers, each against a value written out by hand: the observation
/// checks, the error measures, the constraint box and the singular-value shrinkage (Stryker survivors of
/// docs/results/mutation.md).
/// </summary>
public sealed class ObservationsAndErrorsTests
{
    [Fact]
    public void Observations_refuse_an_empty_shape_mismatched_arrays_and_positions_outside()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Observations(0, 3, [], [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Observations(3, 0, [], [], []));
        Assert.Contains("as many rows, columns and values",
            Assert.Throws<ArgumentException>(() => new Observations(2, 2, [0, 1], [0, 1], [1.0])).Message);
        // Each coordinate on its own, and exactly one past the end.
        Assert.Contains("outside a 2x3 matrix", Assert.Throws<ArgumentException>(() => new Observations(2, 3, [0, 2], [0, 0], [1.0, 2])).Message);
        Assert.Contains("Observation 1 is at (1, 3)", Assert.Throws<ArgumentException>(() => new Observations(2, 3, [0, 1], [0, 3], [1.0, 2])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new Observations(2, 3, [0, 1], [0, 2], [1.0, double.NaN])).Message);
        Assert.Contains("repeats the position (1, 2)",
            Assert.Throws<ArgumentException>(() => new Observations(2, 3, [1, 0, 1], [2, 0, 2], [1.0, 2, 3])).Message);
        var corner = new Observations(2, 3, [1], [2], [5.0]); // the last valid position is accepted
        Assert.Equal(1, corner.Count);
    }

    [Fact]
    public void Mean_squared_error_is_the_mean_over_the_observed_entries_only()
    {
        // X = [[1, 2, 3], [4, 5, 6]]; observed (0,1) = 0, (1,2) = 10, (1,0) = 4 → errors 2, −4, 0.
        var o = new Observations(2, 3, [0, 1, 1], [1, 2, 0], [0.0, 10, 4]);
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Equal((4 + 16 + 0) / 3.0, o.MeanSquaredError(x), 15);
        Assert.Equal(0, new Observations(2, 3, [], [], []).MeanSquaredError(x));
        Assert.Contains("2x3 matrix (6 values), got 5", Assert.Throws<ArgumentException>(() => o.MeanSquaredError(x[..5])).Message);
    }

    [Fact]
    public void Reconstruction_error_is_over_every_entry_and_test_error_over_held_out_ones()
    {
        var train = new Observations(2, 2, [0], [0], [1.0]);
        var truth = new Matrix(2, 2, [1, 2, 3, 4]);
        var test = new Observations(2, 2, [1], [1], [3.0]);
        double[] x = [1, 0, 3, 8]; // errors 0, −2, 0, 4
        var problem = new CompletionProblem("p", train, truth, test);
        Assert.Equal((4 + 16) / 4.0, problem.ReconstructionError(x), 15);
        Assert.Equal(25, problem.TestError(x), 15); // (8 − 3)²
        Assert.True(double.IsNaN(new CompletionProblem("p", train, truth).TestError(x)));
        Assert.True(double.IsNaN(new CompletionProblem("p", train, Test: test).ReconstructionError(x)));
        Assert.Throws<ArgumentException>(() => problem.ReconstructionError(x[..3]));
    }

    [Fact]
    public void The_constraint_box_writes_every_observed_entry_and_finds_the_worst_violation()
    {
        var o = new Observations(2, 3, [0, 1, 1], [1, 2, 0], [1.0, 2, 3]);
        var box = new ConstraintBox(o, epsilon: 0.25);
        var matrix = new double[6];
        box.Scatter([7, 8, 9], matrix);
        Assert.Equal([0.0, 7, 0, 9, 0, 8], matrix);
        // Violations (|z − m| − ε)⁺ at the three entries: 0, 1.75, 0.25 → the second, not the first.
        double[] z = [0, 1.2, 0, 3.5, 0, 4];
        Assert.Equal(1.75, box.MaxViolation(z), 15);
        Assert.Equal(0, box.MaxViolation([0, 1, 0, 3, 0, 2]));
    }

    [Fact]
    public void Shrinking_every_singular_value_away_clears_the_result()
    {
        // diag(3, 1) at τ = 5: nothing is left, whatever the result array held before.
        double[] result = [9, 9, 9, 9];
        Assert.Equal(0, SingularValues.Shrink([3, 0, 0, 1], 2, 2, 5, result));
        Assert.Equal([0.0, 0, 0, 0], result);
        Assert.Equal(1, SingularValues.Shrink([3, 0, 0, 1], 2, 2, 2, result));
        Assert.Equal([1.0, 0, 0, 0], result.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void A_factorization_with_no_observed_entries_has_loss_zero_not_NaN()
    {
        var none = new Observations(3, 3, [], [], []);
        using var one = DeepFactorization.Initialize(none, 1, FactorInit.Gaussian, 1, 1);
        Assert.Equal(0, one.ComputeGradients());
        using var two = DeepFactorization.Initialize(none, 2, FactorInit.Gaussian, 1, 1);
        Assert.Equal(0, two.ComputeGradients());
    }

    [Fact]
    public void A_factor_of_the_wrong_shape_is_named_by_its_number_from_one()
    {
        var o = new Observations(3, 2, [0], [0], [1.0]);
        using var good = zeros(2, 2, dtype: float64);
        using var bad = zeros(2, 2, dtype: float64);
        var error = Assert.Throws<ArgumentException>(() => new DeepFactorization(o, [good, bad]));
        Assert.Contains("Factor 2 must be a float64 3x2 tensor, got Float64 [2x2]", error.Message);
        Assert.Contains("at least one factor", Assert.Throws<ArgumentException>(() => new DeepFactorization(o, [])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeepFactorization.Initialize(o, 0, FactorInit.Gaussian, 1, 1));
    }
}
