using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary>
/// The tapered exponential keeps a state every 1,024 steps so a far step is reached without replaying the whole run; a
/// read far ahead, then far back, must give exactly what reading every step in order gives, and both must follow the
/// recurrence written out here step by step. (Reading in order also restarts from a kept state at every 1,024th step, so
/// order alone cannot catch a wrong kept state — the Stryker survivor TaperedExponentialSchedule.cs:129 did exactly that.)
/// </summary>
public sealed class TaperedRandomAccessTests
{
    static TaperedExponentialSchedule Schedule() => new(new StepDecaySchedule(0.1, [1500, 3000], 0.1), 5e-4, 0.9);

    [Fact]
    public void Far_steps_read_out_of_order_equal_the_steps_read_in_order()
    {
        var inOrder = Schedule();
        double[] sequential = Enumerable.Range(0, 5000).Select(t => inOrder.Rate(t)).ToArray();
        var jumping = Schedule();
        foreach (int t in new[] { 4500, 2100, 4999, 1030, 3333, 7, 4096, 2048 })
            Assert.True(sequential[t] == jumping.Rate(t), $"step {t}: {sequential[t]:R} in order, {jumping.Rate(t):R} out of order");
    }

    [Fact]
    public void Far_steps_follow_the_recurrence_written_out_step_by_step()
    {
        // k₋₁ = 1/α with α the larger root of x² − (1 + γ − λη₀)x + γ = 0; 1/k_t = 1 − η_tλ + γ r_t (1 − k_{t−1});
        // c_{t+1} = c_t k_t; η̃_t = η_t c_t c_{t+1}.
        const double lambda = 5e-4, gamma = 0.9;
        var rates = new StepDecaySchedule(0.1, [1500, 3000], 0.1);
        double b = 1 + gamma - lambda * 0.1, alpha = (b + Math.Sqrt(b * b - 4 * gamma)) / 2;
        double k = 1 / alpha, c = 1;
        var expected = new double[5000];
        for (int t = 0; t < expected.Length; t++)
        {
            double eta = rates.Rate(t), r = t == 0 ? 1 : eta / rates.Rate(t - 1);
            k = 1 / (1 - eta * lambda + gamma * r * (1 - k));
            expected[t] = eta * c * (c * k);
            c *= k;
        }
        var jumping = Schedule();
        foreach (int t in new[] { 4500, 2100, 4999, 1030, 3333, 7, 4096, 2048, 1500, 3000 })
        {
            // 5,000 products of rounded factors: the two orders of operations agree to about 2e-12 relative.
            double ratio = jumping.Rate(t) / expected[t];
            Assert.True(Math.Abs(ratio - 1) < 1e-10, $"step {t}: η̃ = {jumping.Rate(t):R}, the recurrence gives {expected[t]:R}");
        }
    }

    [Fact]
    public void Guards_fail_with_the_argument_exception_that_names_the_problem()
    {
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(0.1, 5e-4, -0.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule().Rate(-1));
    }
}
