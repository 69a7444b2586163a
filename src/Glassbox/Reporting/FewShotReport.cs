using System.Globalization;
using System.Text;
using Glassbox.Experiments.Cntk.FewShot;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Experiment b as a table (mean ± sample standard deviation over the draws, per method and training-set size) and a plot.</summary>
public static class FewShotReport
{
    /// <summary>One method at one size: draws, mean accuracy and its sample standard deviation (n − 1; 0 for one draw).</summary>
    public sealed record Cell(string Method, int Size, int Draws, double Mean, double Sd);

    public static IReadOnlyList<Cell> Cells(IReadOnlyList<FewShotRow> rows) =>
        rows.GroupBy(r => (r.Method, r.Size)).Select(g =>
        {
            double[] a = g.Select(r => r.Accuracy).ToArray();
            return new Cell(g.Key.Method, g.Key.Size, a.Length, a.Average(), SampleStatistics.StandardDeviation(a));
        }).OrderBy(c => c.Method, StringComparer.Ordinal).ThenBy(c => c.Size).ToList();

    /// <summary>Rows: training-set sizes; columns: methods in <paramref name="methods"/> order, each "mean ± sd %".</summary>
    public static string Table(IReadOnlyList<FewShotRow> rows, IReadOnlyList<string> methods)
    {
        var cells = Cells(rows);
        var md = new StringBuilder("| n (images) | draws | " + string.Join(" | ", methods) + " |\n|---|---|" + string.Concat(methods.Select(_ => "---|")) + "\n");
        foreach (int n in cells.Select(c => c.Size).Distinct().Order())
        {
            int draws = cells.Where(c => c.Size == n).Max(c => c.Draws);
            md.Append(CultureInfo.InvariantCulture, $"| {n} | {draws} | ");
            md.AppendJoin(" | ", methods.Select(m => cells.FirstOrDefault(c => c.Method == m && c.Size == n) is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{100 * c.Mean:0.0} ± {100 * c.Sd:0.0}") : "—"));
            md.AppendLine(" |");
        }
        return md.ToString();
    }

    /// <summary>Mean accuracy against log2(n), one line per method with ± sd bars.</summary>
    public static void Plot(IReadOnlyList<FewShotRow> rows, IReadOnlyList<string> methods, string title, string pngPath)
    {
        var plot = new Plot();
        var cells = Cells(rows);
        foreach (string m in methods)
        {
            var mine = cells.Where(c => c.Method == m).ToArray();
            if (mine.Length == 0) continue;
            double[] x = mine.Select(c => Math.Log2(c.Size)).ToArray(), y = mine.Select(c => 100 * c.Mean).ToArray();
            var line = plot.Add.Scatter(x, y);
            line.LegendText = m;
            var bars = plot.Add.ErrorBar(x, y, mine.Select(c => 100 * c.Sd).ToArray());
            bars.Color = line.Color;
        }
        int[] sizes = cells.Select(c => c.Size).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(sizes.Select(n => Math.Log2(n)).ToArray(), sizes.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Title(title);
        plot.XLabel("training images n (class-balanced; log scale)");
        plot.YLabel("test accuracy (%), mean ± sd over draws");
        plot.ShowLegend(Edge.Right);
        PlotFiles.SaveAtomically(plot, pngPath);
    }
}
