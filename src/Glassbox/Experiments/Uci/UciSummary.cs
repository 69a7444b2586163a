namespace Glassbox.Experiments.Uci;

/// <summary>The comparison statistics of the UCI papers for one method.</summary>
/// <param name="AverageAccuracy">Mean test accuracy over the compared sets.</param>
/// <param name="FriedmanRank">Mean rank among the compared methods (1 is best; ties share the average rank).</param>
/// <param name="P90">Share of sets where the method reaches 90% of the best method's accuracy.</param>
/// <param name="P95">The same at 95%.</param>
/// <param name="Pma">Mean over sets of accuracy / best accuracy.</param>
public sealed record MethodSummary(string Method, int Sets, double AverageAccuracy, double FriedmanRank, double P90, double P95, double Pma);

public static class UciSummary
{
    /// <summary>
    /// Statistics over the sets every method in <paramref name="methods"/> finished; results of
    /// other methods and sets missing a method are left out.
    /// </summary>
    public static IReadOnlyList<MethodSummary> Compute(IEnumerable<UciResult> results, IReadOnlyList<string> methods)
    {
        var byDataset = results.Where(r => methods.Contains(r.Method))
            .GroupBy(r => r.Dataset)
            .Select(g => g.ToDictionary(r => r.Method, r => r.TestAcc))
            .Where(d => methods.All(d.ContainsKey))
            .ToList();
        var ranks = methods.ToDictionary(m => m, _ => 0.0);
        var p90 = methods.ToDictionary(m => m, _ => 0);
        var p95 = methods.ToDictionary(m => m, _ => 0);
        var pma = methods.ToDictionary(m => m, _ => 0.0);
        foreach (var accuracies in byDataset)
        {
            double best = accuracies.Values.Max();
            foreach (string m in methods)
            {
                double a = accuracies[m];
                int better = accuracies.Values.Count(v => v > a), tied = accuracies.Values.Count(v => v == a);
                ranks[m] += better + (tied + 1) / 2.0;
                if (a >= 0.9 * best) p90[m]++;
                if (a >= 0.95 * best) p95[m]++;
                pma[m] += best > 0 ? a / best : 1;
            }
        }
        int n = byDataset.Count;
        return methods.Select(m => new MethodSummary(m, n,
            n == 0 ? double.NaN : byDataset.Average(d => d[m]),
            n == 0 ? double.NaN : ranks[m] / n,
            n == 0 ? double.NaN : (double)p90[m] / n,
            n == 0 ? double.NaN : (double)p95[m] / n,
            n == 0 ? double.NaN : pma[m] / n)).ToList();
    }
}
