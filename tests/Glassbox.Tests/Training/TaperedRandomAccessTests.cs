using Glassbox.Training;

namespace Glassbox.Tests.Training;

/// <summary>
/// The tapered exponential keeps a state every 1,024 steps so a far step is reached without replaying the whole run; a
/// read far ahead, then far back, must give exactly what reading every step in order gives. (Written for the Stryker
/// survivor TaperedExponentialSchedule.cs:129; a manual run of that mutant still passed, see docs/results/mutation.md.)
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
    public void Guards_fail_with_the_argument_exception_that_names_the_problem()
    {
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(0.1, 5e-4, -0.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule().Rate(-1));
    }
}
