namespace Glassbox.Experiments.Uci;

/// <summary>The comparison statistics of the UCI papers for one method.</summary>
/// <param name="AverageAccuracy">Mean test accuracy over the sets where the method ran.</param>
/// <param name="FriedmanRank">Mean rank among the compared methods (1 is best; ties share the average rank).</param>
/// <param name="P90">Share of sets where the method reaches 90% of the best method's accuracy.</param>
/// <param name="P95">The same at 95%.</param>
/// <param name="Pma">Mean over the sets where it ran of accuracy / best accuracy.</param>
/// <param name="Failed">Sets on which the method has no accuracy (a failed run in a published table).</param>
public sealed record MethodSummary(string Method, int Sets, double AverageAccuracy, double FriedmanRank, double P90, double P95, double Pma,
    int Failed = 0);

/// <summary>How a method with no accuracy on a set takes part in that set's ranking.</summary>
public enum FailedEntries
{
    /// <summary>It is ranked as if it scored the mean accuracy of the methods that ran on the set.</summary>
    SetMean,

    /// <summary>It is ranked below every method that ran (failures tie among themselves).</summary>
    RankedLast,
}

public static class UciSummary
{
    /// <summary>
    /// Statistics over the sets every method in <paramref name="methods"/> finished; results of
    /// other methods and sets missing a method are left out.
    /// </summary>
    public static IReadOnlyList<MethodSummary> Compute(IEnumerable<UciResult> results, IReadOnlyList<string> methods)
    {
        var bySet = results.Where(r => methods.Contains(r.Method))
            .GroupBy(r => r.Dataset)
            .Select(g => g.ToDictionary(r => r.Method, r => (double?)r.TestAcc))
            .Where(d => methods.All(d.ContainsKey))
            .ToList();
        return Compute(bySet, methods, FailedEntries.SetMean);
    }

    /// <summary>
    /// Statistics over every set in <paramref name="bySet"/> (method → accuracy; null or absent: the method failed there).
    /// The best accuracy of a set is the best of the methods that ran; a failure counts as missing 90% and 95% of it.
    /// </summary>
    public static IReadOnlyList<MethodSummary> Compute(IReadOnlyList<IReadOnlyDictionary<string, double?>> bySet,
        IReadOnlyList<string> methods, FailedEntries failed)
    {
        int n = bySet.Count;
        var rank = new double[methods.Count];
        var p90 = new int[methods.Count];
        var p95 = new int[methods.Count];
        var sum = new double[methods.Count];
        var pma = new double[methods.Count];
        var ran = new int[methods.Count];
        var scores = new double[methods.Count];
        foreach (var set in bySet)
        {
            double?[] accuracy = methods.Select(m => set.GetValueOrDefault(m)).ToArray();
            double[] present = accuracy.OfType<double>().ToArray();
            if (present.Length == 0) throw new ArgumentException("a set on which no method ran", nameof(bySet));
            double best = present.Max(), mean = present.Average();
            for (int m = 0; m < methods.Count; m++)
                scores[m] = accuracy[m] ?? (failed == FailedEntries.SetMean ? mean : double.NegativeInfinity);
            for (int m = 0; m < methods.Count; m++)
            {
                int better = 0, tied = 0;
                foreach (double s in scores)
                {
                    if (s > scores[m]) better++;
                    else if (s == scores[m]) tied++;
                }
                rank[m] += better + (tied + 1) / 2.0;
                if (accuracy[m] is not double a) continue;
                ran[m]++;
                sum[m] += a;
                // A relative slack of 1e-12: 89.1 is 90% of 99.0, though 0.9 * 99.0 rounds to 89.10000000000001.
                if (a >= 0.9 * best * (1 - 1e-12)) p90[m]++;
                if (a >= 0.95 * best * (1 - 1e-12)) p95[m]++;
                pma[m] += best > 0 ? a / best : 1;
            }
        }
        return methods.Select((name, m) => new MethodSummary(name, n,
            ran[m] == 0 ? double.NaN : sum[m] / ran[m],
            n == 0 ? double.NaN : rank[m] / n,
            n == 0 ? double.NaN : (double)p90[m] / n,
            n == 0 ? double.NaN : (double)p95[m] / n,
            ran[m] == 0 ? double.NaN : pma[m] / ran[m],
            n - ran[m])).ToList();
    }
}
