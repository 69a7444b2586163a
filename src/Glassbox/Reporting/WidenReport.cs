using System.Globalization;
using System.Text;
using Glassbox.Experiments.Widen;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Experiment c(i) as a table and a log–log plot of the tangent kernel's error against width.</summary>
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

    /// <summary>log10 of the error against log10 of the width, each seed a dot, the means joined, and a line of slope −1/2 through the first mean.</summary>
    public static void Plot(IReadOnlyList<WidenRow> rows, string title, string pngPath)
    {
        var plot = new Plot();
        var means = rows.GroupBy(r => r.Width).OrderBy(g => g.Key).Select(g => (X: Math.Log10(g.Key), Y: Math.Log10(g.Average(r => r.RelativeError)))).ToArray();
        var line = plot.Add.Scatter(means.Select(p => p.X).ToArray(), means.Select(p => p.Y).ToArray());
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean over seeds (slope {KernelAtInit.Slope(rows):0.00})");
        var dots = plot.Add.ScatterPoints(rows.Select(r => Math.Log10(r.Width)).ToArray(), rows.Select(r => Math.Log10(r.RelativeError)).ToArray());
        dots.Color = line.Color.WithAlpha(0.4);
        var reference = plot.Add.Line(means[0].X, means[0].Y, means[^1].X, means[0].Y - 0.5 * (means[^1].X - means[0].X));
        reference.LinePattern = LinePattern.Dashed;
        reference.LegendText = "slope −1/2";
        plot.Title(title);
        plot.XLabel("log10 width");
        plot.YLabel("log10 ‖Θ_width − Θ‖_F / ‖Θ‖_F");
        plot.ShowLegend(Edge.Right);
        PlotFiles.SaveAtomically(plot, pngPath);
    }
}
