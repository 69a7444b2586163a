using System.Globalization;
using Glassbox.Experiments.Privacy;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Experiment 6a: final test accuracy per arm (mean ± sd over seeds, and each run), and test accuracy by epoch.</summary>
public static class MixingAccuracyReport
{
    public static string Table(MixingAccuracyResult result)
    {
        var summary = new MarkdownTable("training on", "runs", "final test accuracy, mean ± sd", "min – max", "best epoch's accuracy (mean)",
            "final train loss (mean)", "seconds per run (mean)");
        foreach (var group in result.Runs.GroupBy(r => r.Arm))
        {
            double[] acc = group.Select(r => r.Final.TestAccuracy).ToArray();
            summary.Add(MixingAccuracy.Describe(group.Key, result.Spec), $"{acc.Length}",
                acc.Length > 1 ? $"{P(acc.Average())} ± {P(SampleStatistics.StandardDeviation(acc))}" : $"{P(acc[0])} (one seed)",
                $"{P(acc.Min())} – {P(acc.Max())}", P(group.Average(r => r.Epochs.Max(e => e.TestAccuracy))),
                F(group.Average(r => r.Final.TrainLoss)), $"{group.Average(r => r.Epochs.Sum(e => e.Seconds)):0}");
        }
        var runs = new MarkdownTable("arm", "seed", "final test acc", "best test acc", "final train loss", "final train acc", "seconds", "mixing");
        foreach (var run in result.Runs)
            runs.Add(run.Arm, $"{run.Seed}", P(run.Final.TestAccuracy), P(run.Epochs.Max(e => e.TestAccuracy)), F(run.Final.TrainLoss),
                P(run.Final.TrainAccuracy), $"{run.Epochs.Sum(e => e.Seconds):0}", run.Mixing);
        return summary + "\n" + runs;
    }

    /// <summary>Test accuracy by epoch: one colour per arm, the mean over seeds bold and each seed thin.</summary>
    public static void PlotAccuracy(MixingAccuracyResult result, string title, string pngPath)
    {
        var plot = new Plot();
        var arms = result.Runs.Select(r => r.Arm).Distinct().ToList();
        foreach (var run in result.Runs)
        {
            var seedLine = plot.Add.ScatterLine(run.Epochs.Select(e => (double)e.Epoch).ToArray(), run.Epochs.Select(e => 100 * e.TestAccuracy).ToArray());
            seedLine.Color = Colors.Category10[arms.IndexOf(run.Arm) % 10].WithAlpha(0.35);
            seedLine.LineWidth = 1;
            seedLine.MarkerSize = 0;
        }
        foreach (string arm in arms)
        {
            var runs = result.Runs.Where(r => r.Arm == arm).ToList();
            int epochs = runs.Min(r => r.Epochs.Count);
            var mean = plot.Add.ScatterLine(runs[0].Epochs.Take(epochs).Select(e => (double)e.Epoch).ToArray(),
                Enumerable.Range(0, epochs).Select(i => runs.Average(r => 100 * r.Epochs[i].TestAccuracy)).ToArray());
            mean.Color = Colors.Category10[arms.IndexOf(arm) % 10];
            mean.LineWidth = 2.5f;
            mean.MarkerSize = 5;
            mean.LegendText = $"{MixingAccuracy.Describe(arm, result.Spec)} (mean of {runs.Count})";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.YLabel("test accuracy on plain images (%)");
        plot.ShowLegend(Edge.Bottom);
        PlotFiles.SaveAtomically(plot, pngPath);
    }

    static string P(double x) => (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    static string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
}
