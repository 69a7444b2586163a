using Glassbox.Data;
using Glassbox.Experiments.Uci;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Experiments;

public sealed class DelgadoComparisonTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_published_table_is_read_with_its_failures()
    {
        DelgadoTable table = DelgadoTable.Load(TestData.Uci);

        Assert.Equal(179, table.Classifiers.Count);
        Assert.Equal(121, table.Datasets.Count);
        Assert.Equal("elm_kernel_matlab", table.Classifiers[0]);
        Assert.Equal(65.1, table.Accuracy("abalone", DelgadoComparison.RandomForest));
        Assert.Equal(66.0, table.Accuracy("abalone", DelgadoComparison.GaussianSvm));
        Assert.Equal(98.1, table.Accuracy("zoo", DelgadoComparison.RandomForest));
        Assert.Null(table.Accuracy("abalone", "Bagging_RandomForest_weka")); // "--" in the file
        Assert.False(table.Has("mean")); // summary rows after the dashes are not sets
    }

    [Fact]
    public void A_row_with_a_missing_field_or_a_bad_accuracy_is_an_error_naming_the_line()
    {
        string uci = Directory.CreateDirectory(_temp.File("uci")).FullName;
        string path = Path.Combine(uci, DelgadoTable.FileName);
        File.WriteAllText(path, "problema a b min max mean std\ns1 50.0 60.0 50 60 55 5\ns2 50.0 60 50 60 55\n");
        var short_ = Assert.Throws<DataFormatException>(() => DelgadoTable.Load(uci));
        Assert.Contains("line 3", short_.Message);
        Assert.Contains(path, short_.Message);

        File.WriteAllText(path, "problema a b min max mean std\ns1 50.0 x 50 60 55 5\n");
        var bad = Assert.Throws<DataFormatException>(() => DelgadoTable.Load(uci));
        Assert.Contains("line 2, column 3 (b)", bad.Message);
    }

    [Fact]
    public void Ranks_and_shares_match_a_hand_computed_example_under_both_failure_rules()
    {
        string uci = Directory.CreateDirectory(_temp.File("uci")).FullName;
        // Three sets, classifiers a and b; b failed on s3.
        File.WriteAllText(Path.Combine(uci, DelgadoTable.FileName),
            "problema a b min max mean std\n s1 80 60 0 0 0 0\n s2 50 70 0 0 0 0\n s3 90 -- 0 0 0 0\n-----\nmean 1 2 3 4 5 6\n");
        DelgadoTable table = DelgadoTable.Load(uci);
        var ours = new Dictionary<string, double> { ["s1"] = 70, ["s2"] = 70, ["s3"] = 60 };

        var mean = DelgadoComparison.Rank(table, ours, "X").ToDictionary(s => s.Method);
        // s1: a 80 (1), X 70 (2), b 60 (3). s2: b and X tie at 70 (1.5 each), a 50 (3).
        // s3, b ranked at the mean of a and X = 75: a 90 (1), b 75 (2), X 60 (3).
        Assert.Equal((2 + 1.5 + 3) / 3, mean["X"].FriedmanRank, 12);
        Assert.Equal((1 + 3 + 1) / 3.0, mean["a"].FriedmanRank, 12);
        Assert.Equal((3 + 1.5 + 2) / 3, mean["b"].FriedmanRank, 12);
        Assert.Equal(1, mean["b"].Failed);
        Assert.Equal(65, mean["b"].AverageAccuracy, 12); // over the sets where it ran
        Assert.Equal((60 / 80.0 + 1) / 2, mean["b"].Pma, 12);
        Assert.Equal(1 / 3.0, mean["b"].P90, 12); // s2 only; the failure is a miss
        // X: 70/80 = 0.875 on s1, best on s2, 60/90 on s3.
        Assert.Equal(1 / 3.0, mean["X"].P90, 12);
        Assert.Equal((70 / 80.0 + 1 + 60 / 90.0) / 3, mean["X"].Pma, 12);
        Assert.Equal("a", DelgadoComparison.Rank(table, ours, "X")[0].Method); // best rank first (X and b tie at 6.5/3)

        var last = DelgadoComparison.Rank(table, ours, "X", FailedEntries.RankedLast).ToDictionary(s => s.Method);
        // s3 with b last: a 1, X 2, b 3.
        Assert.Equal((2 + 1.5 + 2) / 3, last["X"].FriedmanRank, 12);
        Assert.Equal((3 + 1.5 + 3) / 3, last["b"].FriedmanRank, 12);
    }

    [Fact]
    public void Exactly_ninety_and_ninety_five_percent_of_the_best_count_despite_rounding()
    {
        // 0.9 × 99.0 = 89.10000000000001 in binary floating point; 89.1 must still count as within 90% (and 94.05 within 95%).
        var sets = new List<IReadOnlyDictionary<string, double?>>
        {
            new Dictionary<string, double?> { ["best"] = 99.0, ["p90"] = 89.1, ["p95"] = 94.05, ["below"] = 89.0 },
        };
        var s = UciSummary.Compute(sets, ["best", "p90", "p95", "below"], FailedEntries.SetMean).ToDictionary(m => m.Method);

        Assert.Equal(1, s["p90"].P90);
        Assert.Equal(0, s["p90"].P95);
        Assert.Equal(1, s["p95"].P95);
        Assert.Equal(0, s["below"].P90);
    }

    [Fact]
    public void The_committed_NTK_results_rank_as_an_independent_computation_says()
    {
        // Expected values from a separate plain-Python computation over the same two files (docs/results/uci/results.jsonl,
        // delgado_results.txt), failures at the set mean.
        var ntk = new UciResultsFile(Path.Combine(TestData.RepoRoot, "docs", "results", "uci", "results.jsonl")).Load()
            .Where(r => r.Method == "ntk").ToDictionary(r => r.Dataset, r => 100 * r.TestAcc);
        Assert.Equal(90, ntk.Count);

        var ranking = DelgadoComparison.Rank(DelgadoTable.Load(TestData.Uci), ntk, "NTK").ToDictionary(s => s.Method);

        Assert.Equal(81.95, ranking["NTK"].AverageAccuracy, 2);
        Assert.Equal(27.58, ranking["NTK"].FriedmanRank, 2);
        Assert.Equal(88.89, 100 * ranking["NTK"].P90, 2);
        Assert.Equal(73.33, 100 * ranking["NTK"].P95, 2);
        Assert.Equal(95.85, 100 * ranking["NTK"].Pma, 2);
        Assert.Equal(81.34, ranking[DelgadoComparison.RandomForest].AverageAccuracy, 2);
        Assert.Equal(33.05, ranking[DelgadoComparison.RandomForest].FriedmanRank, 2);
        Assert.Equal(35.04, ranking[DelgadoComparison.GaussianSvm].FriedmanRank, 2);
        Assert.Equal(27.55, DelgadoComparison.Rank(DelgadoTable.Load(TestData.Uci), ntk, "NTK", FailedEntries.RankedLast)
            .Single(s => s.Method == "NTK").FriedmanRank, 2);
    }
}
