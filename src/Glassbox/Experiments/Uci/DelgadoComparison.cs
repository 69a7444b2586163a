using Glassbox.Data;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// The comparison of Arora et al. (ICLR 2020, Table 1): one method's test accuracies placed among the 179 classifiers of
/// Fernández-Delgado et al. on the same sets — average accuracy, Friedman rank among all 180, and P90, P95, PMA relative
/// to the best of all 180 on each set. Accuracies are in percent, as in the published table.
/// </summary>
public static class DelgadoComparison
{
    /// <summary>The forest and the Gaussian-kernel SVM the talk calls the old champions, by their names in the table.</summary>
    public const string RandomForest = "parRF_caret", GaussianSvm = "svm_C";

    /// <summary>Summaries of <paramref name="method"/> (named <paramref name="name"/>) and all 179 classifiers, best rank first.</summary>
    public static IReadOnlyList<MethodSummary> Rank(DelgadoTable table, IReadOnlyDictionary<string, double> method, string name,
        FailedEntries failed = FailedEntries.SetMean)
    {
        if (table.Classifiers.Contains(name)) throw new ArgumentException($"'{name}' is already a classifier of the table", nameof(name));
        var bySet = new List<IReadOnlyDictionary<string, double?>>();
        foreach (var (dataset, accuracy) in method.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!table.Has(dataset)) throw new KeyNotFoundException($"{DelgadoTable.FileName} has no row for the set '{dataset}'");
            var row = table.Classifiers.ToDictionary(c => c, c => table.Accuracy(dataset, c));
            row[name] = accuracy;
            bySet.Add(row);
        }
        var methods = table.Classifiers.Append(name).ToList();
        return UciSummary.Compute(bySet, methods, failed).OrderBy(s => s.FriedmanRank).ToList();
    }
}
