using Glassbox.Experiments.MatrixCompletion;

namespace Glassbox.Tests.MatrixCompletion;

public class DynamicsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Measured_singular_value_rates_follow_the_law_and_the_gap_shrinks_with_the_step(int depth)
    {
        // Gradient descent follows gradient flow up to O(η) per unit time, so the measured rates must
        // match the law to a small relative error that falls as the step falls.
        DynamicsResult Run(double step) => DynamicsExperiment.Run(new DynamicsOptions(depth, N: 20, Rank: 2, Observations: 200,
            Step: step, MaxIterations: (long)(200 / step), Tracked: 2, InitScale: 1e-2));
        var coarse = Run(0.1);
        var fine = Run(0.05);
        Assert.True(fine.CheckedValues >= 10, $"only {fine.CheckedValues} checks");
        Assert.True(fine.MedianRelativeError < 5e-3, $"median relative error {fine.MedianRelativeError:E2}");
        Assert.True(fine.MedianRelativeError < 0.75 * coarse.MedianRelativeError,
            $"η = 0.1: {coarse.MedianRelativeError:E2}, η = 0.05: {fine.MedianRelativeError:E2}");
    }

    [Fact]
    public void A_wrong_law_would_be_caught()
    {
        // The same check with the exponent of depth 2 applied to a depth-3 run must fail: the check can fail.
        var options = new DynamicsOptions(3, N: 20, Rank: 2, Observations: 200, Step: 0.5, MaxIterations: 1500, Tracked: 2, InitScale: 1e-2);
        var result = DynamicsExperiment.Run(options);
        var wrong = result.Checks.Select(c =>
        {
            double scale = Math.Pow(c.Sigma * c.Sigma, (1 - 1.0 / 2) - (1 - 1.0 / 3)); // (σ²)^{1/2} / (σ²)^{2/3}
            double predicted = c.Predicted * scale * 2 / 3;
            return Math.Abs(c.Measured - predicted) / Math.Abs(predicted);
        }).Order().ToArray();
        Assert.True(wrong[wrong.Length / 2] > 1e-2);
    }
}
