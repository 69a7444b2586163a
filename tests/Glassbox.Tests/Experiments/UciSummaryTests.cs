using Glassbox.Experiments.Uci;

namespace Glassbox.Tests.Experiments;

public sealed class UciSummaryTests
{
    static UciResult R(string dataset, string method, double acc) =>
        new(dataset, method, 10, 2, 2, acc, acc, null, null, null, null, null, null, null, 1.0);

    [Fact]
    public void Statistics_match_a_hand_computed_example()
    {
        // a: best on s1 (0.9 vs 0.8), tied on s2 (0.5 each), worst on s3 (0.6 vs 0.7).
        var results = new[]
        {
            R("s1", "a", 0.9), R("s1", "b", 0.8),
            R("s2", "a", 0.5), R("s2", "b", 0.5),
            R("s3", "a", 0.6), R("s3", "b", 0.7),
            R("s4", "a", 0.3), // b missing on s4: left out
            R("s1", "c", 1.0), // a method not compared: left out
        };
        var summary = UciSummary.Compute(results, new[] { "a", "b" });
        MethodSummary a = summary[0], b = summary[1];

        Assert.Equal(3, a.Sets);
        Assert.Equal((0.9 + 0.5 + 0.6) / 3, a.AverageAccuracy, 12);
        Assert.Equal((1 + 1.5 + 2) / 3, a.FriedmanRank, 12);
        Assert.Equal((2 + 1.5 + 1) / 3, b.FriedmanRank, 12);
        // 90% of best: a on s3 has 0.6 < 0.63 → fails; b on s1 has 0.8 < 0.81 → fails.
        Assert.Equal(2.0 / 3, a.P90, 12);
        Assert.Equal(2.0 / 3, b.P90, 12);
        Assert.Equal(2.0 / 3, a.P95, 12);
        Assert.Equal((1 + 1 + 0.6 / 0.7) / 3, a.Pma, 12);
        Assert.Equal((0.8 / 0.9 + 1 + 1) / 3, b.Pma, 12);
    }
}
