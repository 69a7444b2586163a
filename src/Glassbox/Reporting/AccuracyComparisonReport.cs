using System.Globalization;
using Glassbox.Experiments.ExponentialLr;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Experiment b: the table of final accuracies by seed and arm, and the accuracy, rate and weight-norm curves.</summary>
public static class AccuracyComparisonReport
{
    static readonly Color WithDecay = Colors.C0, Exponential = Colors.C1;

    /// <summary>One row per run, then the mean ± standard deviation per arm, as Markdown.</summary>
    public static string Table(AccuracyComparisonResult result)
    {
        var table = new MarkdownTable("arm", "seed", "final test acc", "best test acc", "final train loss", "final train acc", "last η", "final ‖θ‖", "seconds (train + eval)");
        foreach (var run in result.Runs)
        {
            var f = run.Final;
            table.Add(Arm(run.Arm), $"{run.Seed}", P(f.TestAccuracy), P(run.Epochs.Max(e => e.TestAccuracy)), F(f.TrainLoss), P(f.TrainAccuracy),
                E(f.Lr), F(f.WeightNorm), $"{run.Epochs.Sum(e => e.Seconds):0}");
        }
        var summary = new MarkdownTable("arm", "runs", "final test accuracy, mean ± sd", "min – max", "seconds per run, train + eval (mean)");
        foreach (var group in result.Runs.GroupBy(r => r.Arm))
        {
            double[] acc = group.Select(r => r.Final.TestAccuracy).ToArray();
            summary.Add(Arm(group.Key), $"{acc.Length}", acc.Length > 1 ? $"{P(acc.Average())} ± {P(SampleStatistics.StandardDeviation(acc))}" : $"{P(acc[0])} (one seed)", $"{P(acc.Min())} – {P(acc.Max())}",
                $"{group.Average(r => r.Epochs.Sum(e => e.Seconds)):0}");
        }
        return summary + "\n" + table;
    }

    /// <summary>Test accuracy by epoch, every run: weight decay in one colour, its exponential conversion in another.</summary>
    public static void PlotAccuracy(AccuracyComparisonResult result, string title, string pngPath)
    {
        var plot = new Plot();
        foreach (var run in result.Runs)
        {
            var line = plot.Add.ScatterLine(run.Epochs.Select(e => (double)e.Epoch).ToArray(), run.Epochs.Select(e => 100 * e.TestAccuracy).ToArray());
            Style(line, run, first: result.Runs.First(r => r.Arm == run.Arm) == run);
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Edge.Bottom);
        PlotFiles.SaveAtomically(plot, pngPath);
    }

    /// <summary>The learning rate at every step (log scale): the step decay, and its conversion growing exponentially between the drops.</summary>
    public static void PlotRates(AccuracyComparisonResult result, string title, string pngPath)
    {
        var plot = new Plot();
        long steps = (long)result.Spec.Epochs * result.StepsPerEpoch;
        foreach (var run in result.Runs.DistinctBy(r => r.Arm))
        {
            double[] epochs = new double[steps], rates = new double[steps];
            for (long t = 0; t < steps; t++)
            {
                epochs[t] = (t + 1) / (double)result.StepsPerEpoch;
                rates[t] = Math.Log10(run.Schedule.Rate(t));
            }
            var line = plot.Add.ScatterLine(epochs, rates);
            Style(line, run, first: true);
        }
        PlotFiles.SaveLogY(plot, title, "epoch", "learning rate (log scale)", Edge.Bottom, pngPath);
    }

    /// <summary>‖θ‖ of the trained weights after each epoch (log scale): shrinking under weight decay, growing without it.</summary>
    public static void PlotWeightNorms(AccuracyComparisonResult result, string title, string pngPath)
    {
        var plot = new Plot();
        foreach (var run in result.Runs)
        {
            var line = plot.Add.ScatterLine(run.Epochs.Select(e => (double)e.Epoch).ToArray(), run.Epochs.Select(e => Math.Log10(e.WeightNorm)).ToArray());
            Style(line, run, first: result.Runs.First(r => r.Arm == run.Arm) == run);
        }
        PlotFiles.SaveLogY(plot, title, "epoch", "‖θ‖ (log scale)", Edge.Bottom, pngPath);
    }

    static void Style(ScottPlot.Plottables.Scatter line, ComparisonRun run, bool first)
    {
        line.Color = run.Arm == AccuracyComparison.WithDecay ? WithDecay : Exponential;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        if (run.Arm == AccuracyComparison.Exponential) line.LinePattern = LinePattern.Dashed;
        if (first) line.LegendText = Arm(run.Arm);
    }

    static string Arm(string arm) => arm == AccuracyComparison.WithDecay ? "weight decay + schedule" : "no weight decay, converted rate (TEXP)";

    static string P(double x) => (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    static string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);

    static string E(double x) => x.ToString("0.000e+00", CultureInfo.InvariantCulture);
}
