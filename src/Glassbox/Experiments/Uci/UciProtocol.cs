using System.Diagnostics;
using Glassbox.Data;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// The protocol of Arora et al. (ICLR 2020), after Fernández-Delgado et al. (2014): choose the
/// configuration with the best validation accuracy on conxuntos.dat (train on line 1, validate on
/// line 2; the first strictly best in the grid's order wins), then report the mean test accuracy
/// of that configuration over the 4 (train, test) pairs of conxuntos_kfold.dat.
/// </summary>
public static class UciProtocol
{
    /// <summary>Runs the protocol; <paramref name="within"/> gets the share done (configurations, then the 4 test folds).</summary>
    public static UciResult Run(IUciMethod method, UciDataset data, IProgress<double>? within = null)
    {
        if (data.HasTestSet)
            throw new ArgumentException($"{data.Name} has a separate test file; the protocol covers sets without one");
        UciSplit selection = data.Selection ?? throw new ArgumentException($"{data.Name} has no {UciLoader.SelectionFileName}");
        IReadOnlyList<UciSplit> folds = data.Folds ?? throw new ArgumentException($"{data.Name} has no {UciLoader.FoldsFileName}");

        var clock = Stopwatch.StartNew();
        using IPreparedUciMethod prepared = method.Prepare(data);
        UciConfig? best = null;
        double bestAccuracy = double.NegativeInfinity;
        int steps = Math.Max(method.GridSize, 1) + folds.Count, done = 0;
        foreach (var (config, accuracy) in prepared.Sweep(selection.Train, selection.Test))
        {
            if (accuracy > bestAccuracy) (best, bestAccuracy) = (config, accuracy);
            within?.Report(Math.Min(++done, steps - folds.Count) / (double)steps);
        }
        if (best is null) throw new InvalidOperationException($"{method.Name} has an empty grid");

        done = steps - folds.Count;
        double test = folds.Select(fold =>
        {
            double accuracy = prepared.Accuracy(best, fold.Train, fold.Test);
            within?.Report(++done / (double)steps);
            return accuracy;
        }).ToList().Average();
        return new UciResult(data.Name, method.Name, data.Rows, data.Features, data.Classes, bestAccuracy, test,
            best.Depth, best.Fix, best.C, best.Gamma, best.Trees, best.Leaves, best.MinLeaf, clock.Elapsed.TotalSeconds, method.Settings);
    }

    /// <summary>Share of <paramref name="rows"/> whose prediction equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, int[] labels, int[] rows)
    {
        int correct = 0;
        for (int i = 0; i < rows.Length; i++)
            if (predicted[i] == labels[rows[i]]) correct++;
        return (double)correct / rows.Length;
    }
}
