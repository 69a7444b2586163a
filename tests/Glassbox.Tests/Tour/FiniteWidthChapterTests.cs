using Glassbox.Experiments.Tour;
using Glassbox.Experiments.Tour.Chapters;
using Glassbox.Experiments.Widen;

namespace Glassbox.Tests.Tour;

/// <summary>The chapter's two verdicts on outcomes made by hand (the real run is the quick tour's): an exact power law of
/// exponent −1/2 is reproduced, a flat or a growing distance is not.</summary>
public sealed class FiniteWidthChapterTests
{
    static readonly int[] Widths = [64, 256, 1024];

    static WidenOutcome Outcome(Func<int, double> initError, Func<int, double> trainedDistance)
    {
        var init = Widths.SelectMany(w => new long[] { 1, 2 }.Select(s => new WidenRow("fc", "", w, s, initError(w), 0))).ToList();
        var trained = Widths.SelectMany(w => new long[] { 1, 2 }.Select(s =>
            new TrainedRow("fc", "", w, s, 100, 1, trainedDistance(w), 0.3, 0.2, 0.8, 0.75, 0.7, 0.1, 0))).ToList();
        return new WidenOutcome(init, trained, 0.01, 0, 0);
    }

    static readonly WidenPlan Plan = new(Widths, 2, 100);

    [Theory]
    [InlineData(-0.5, Verdict.Reproduced)]
    [InlineData(-0.36, Verdict.Reproduced)]
    [InlineData(-0.75, Verdict.Partly)]
    [InlineData(-0.1, Verdict.NotReproduced)]
    [InlineData(0.5, Verdict.NotReproduced)]
    public void The_kernel_claim_judges_the_log_log_slope(double exponent, Verdict expected)
    {
        TourClaim claim = FiniteWidthChapter.KernelClaim(Outcome(w => 3 * Math.Pow(w, exponent), _ => 0.1), 1, "cmd", null);
        Assert.Equal(expected, claim.Verdict);
        Assert.Contains($"slope {exponent:0.000}".Replace(",", "."), claim.Measured);
    }

    [Fact]
    public void The_trained_claim_needs_a_distance_that_shrinks_at_every_width_and_a_steep_enough_slope()
    {
        Assert.Equal(Verdict.Reproduced, FiniteWidthChapter.TrainedClaim(Outcome(_ => 0.1, w => 2 / Math.Sqrt(w)), Plan, 1, "cmd", null).Verdict);
        // Steep overall but up again at the widest: partly.
        var bumpy = new Dictionary<int, double> { [64] = 0.3, [256] = 0.1, [1024] = 0.11 }; // slope −0.36
        Assert.Equal(Verdict.Partly, FiniteWidthChapter.TrainedClaim(Outcome(_ => 0.1, w => bumpy[w]), Plan, 1, "cmd", null).Verdict);
        // Shrinking but too slowly (slope −0.05): partly.
        Assert.Equal(Verdict.Partly, FiniteWidthChapter.TrainedClaim(Outcome(_ => 0.1, w => Math.Pow(w, -0.05)), Plan, 1, "cmd", null).Verdict);
        // Shrinking far faster than the theory's −1/2 (slope −1.5): partly.
        Assert.Equal(Verdict.Partly, FiniteWidthChapter.TrainedClaim(Outcome(_ => 0.1, w => Math.Pow(w, -1.5)), Plan, 1, "cmd", null).Verdict);
        TourClaim growing = FiniteWidthChapter.TrainedClaim(Outcome(_ => 0.1, w => w / 1000.0), Plan, 1, "cmd", null);
        Assert.Equal(Verdict.NotReproduced, growing.Verdict);
        Assert.Contains("0.064 (width 64), 0.256 (width 256), 1.024 (width 1024)", growing.Measured);
        Assert.Contains("test accuracy at width 1024 80.0% against the kernel's 75.0%", growing.Measured);
    }
}
