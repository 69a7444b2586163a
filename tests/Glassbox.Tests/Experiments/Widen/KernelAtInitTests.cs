using Glassbox.Experiments.Widen;

namespace Glassbox.Tests.Experiments.Widen;

/// <summary>Experiment c(i): the error measure and the slope fit against hand values, and a real width sweep of a fully connected
/// net whose tangent kernel approaches the exact NTK at about width^(−1/2).</summary>
public sealed class KernelAtInitTests
{
    [Fact]
    public void The_slope_of_an_exact_power_law_is_its_exponent_and_the_error_is_relative_Frobenius()
    {
        var rows = new[] { 64, 256, 1024 }.SelectMany(w => new[] { 1L, 2L }.Select(s => new WidenRow("fc", "", w, s, 3.0 * Math.Pow(w, -0.5), 0)));
        Assert.Equal(-0.5, KernelAtInit.Slope(rows), 12);
        Assert.Equal(2 / Math.Sqrt(13), KernelAtInit.RelativeError([1, 2, 2, 4], [1, 2, 2, 2]), 12); // ‖(0, 0, 0, 2)‖ / ‖(1, 2, 2, 2)‖
    }

    [Fact]
    public void A_fully_connected_sweep_shrinks_like_one_over_root_width()
    {
        double[,] x = { { 1.0, 0.5, -0.3 }, { -0.2, 0.9, 0.4 }, { 0.7, -0.6, 0.1 }, { 0.3, 0.3, 0.9 } };
        var problem = WidenProblem.FullyConnected(x, new double[0, 3], [1, -1, 1, -1], [], depth: 2, "test");
        var rows = new List<WidenRow>();
        foreach (int width in new[] { 64, 256, 1024 })
            foreach (long seed in new long[] { 1, 2, 3 })
                rows.Add(KernelAtInit.Measure(problem, width, seed));
        double slope = KernelAtInit.Slope(rows);
        Assert.InRange(slope, -0.75, -0.3);
        Assert.True(rows.Where(r => r.Width == 1024).Average(r => r.RelativeError) < 0.1);
    }
}
