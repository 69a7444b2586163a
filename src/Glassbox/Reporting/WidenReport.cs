using System.Globalization;
using System.Text;
using Glassbox.Experiments.Widen;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Experiment c as tables and log–log plots: the tangent kernel's error at initialisation, and the trained nets' distance
/// to the kernel's predictions, against width.</summary>
public static class WidenReport
{
    public static string Table(IReadOnlyList<WidenRow> rows)
    {
        var md = new StringBuilder("| width | seeds | mean relative error | min | max |\n|---|---|---|---|---|\n");
        foreach (var g in rows.GroupBy(r => r.Width).OrderBy(g => g.Key))
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key} | {g.Count()} | {g.Average(r => r.RelativeError):0.0000} | {g.Min(r => r.RelativeError):0.0000} | {g.Max(r => r.RelativeError):0.0000} |");
        return md.ToString();
    }

    /// <summary>Per width at the last step: distances to the kernel's f_k (same steps), to the gradient-flow f_t and to kernel regression, and the three test accuracies
    /// (means over seeds, ± the sample standard deviation of the net's accuracy).</summary>
    public static string TrainedTable(IReadOnlyList<TrainedRow> rows)
    {
        int last = rows.Max(r => r.Step);
        var md = new StringBuilder("| width | seeds | step | ‖g − f_k‖/‖f_k‖ | ‖g − f_t‖/‖f_t‖ (flow) | ‖g − f_∞‖/‖f_∞‖ | net accuracy | kernel f_k accuracy | kernel regression accuracy | training loss |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var g in rows.Where(r => r.Step == last).GroupBy(r => r.Width).OrderBy(g => g.Key))
        {
            double[] acc = g.Select(r => r.NetAccuracy).ToArray();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key} | {g.Count()} | {last} | {g.Average(r => r.ToKernel):0.0000} | {g.Average(r => r.ToFlow):0.0000} | {g.Average(r => r.ToRegression):0.0000} | {100 * acc.Average():0.0} ± {100 * SampleStatistics.StandardDeviation(acc):0.0}% | {100 * g.First().KernelAccuracy:0.0}% | {100 * g.First().RegressionAccuracy:0.0}% | {g.Average(r => r.TrainLoss):0.0000} |");
        }
        return md.ToString();
    }

    /// <summary>Mean distance to the kernel's f_k (same steps) by width, one column per checkpoint.</summary>
    public static string TrajectoryTable(IReadOnlyList<TrainedRow> rows)
    {
        int[] steps = rows.Select(r => r.Step).Distinct().Order().ToArray();
        var md = new StringBuilder("| width | " + string.Join(" | ", steps.Select(s => $"step {s}")) + " |\n|---|" + string.Concat(steps.Select(_ => "---|")) + "\n");
        foreach (var g in rows.GroupBy(r => r.Width).OrderBy(g => g.Key))
            md.AppendLine($"| {g.Key} | " + string.Join(" | ", steps.Select(s => g.Where(r => r.Step == s).Average(r => r.ToKernel).ToString("0.0000", CultureInfo.InvariantCulture))) + " |");
        return md.ToString();
    }

    /// <summary>log10 of the error against log10 of the width, each seed a dot, the means joined, and a line of slope −1/2 through the first mean.</summary>
    public static void Plot(IReadOnlyList<WidenRow> rows, string title, string pngPath) =>
        PlotLogLog([("mean over seeds", rows.Select(r => (r.Width, r.RelativeError)).ToList())], title, "log10 ‖Θ_width − Θ‖_F / ‖Θ‖_F", pngPath);

    /// <summary>The trained nets' distance to the kernel's f_k (same steps) against width, one line per checkpoint.</summary>
    public static void PlotTrained(IReadOnlyList<TrainedRow> rows, string title, string pngPath) =>
        PlotLogLog(rows.GroupBy(r => r.Step).OrderBy(g => g.Key).Select(g => ($"step {g.Key}", g.Select(r => (r.Width, r.ToKernel)).ToList())).ToList(),
            title, "log10 ‖g − f_k‖ / ‖f_k‖ on the test inputs", pngPath);

    static void PlotLogLog(IReadOnlyList<(string Label, List<(int Width, double Value)> Points)> series, string title, string yLabel, string pngPath)
    {
        var plot = new Plot();
        (double X, double Y)[] first = [];
        foreach (var (label, points) in series)
        {
            var means = points.GroupBy(p => p.Width).OrderBy(g => g.Key).Select(g => (X: Math.Log10(g.Key), Y: Math.Log10(g.Average(p => p.Value)))).ToArray();
            if (first.Length == 0) first = means;
            var line = plot.Add.Scatter(means.Select(p => p.X).ToArray(), means.Select(p => p.Y).ToArray());
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (slope {KernelAtInit.Slope(points):0.00})");
            var dots = plot.Add.ScatterPoints(points.Select(p => Math.Log10(p.Width)).ToArray(), points.Select(p => Math.Log10(p.Value)).ToArray());
            dots.Color = line.Color.WithAlpha(0.4);
        }
        var reference = plot.Add.Line(first[0].X, first[0].Y, first[^1].X, first[0].Y - 0.5 * (first[^1].X - first[0].X));
        reference.LinePattern = LinePattern.Dashed;
        reference.LegendText = "slope −1/2";
        plot.Title(title);
        plot.XLabel("log10 width");
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        PlotFiles.SaveAtomically(plot, pngPath);
    }
}
