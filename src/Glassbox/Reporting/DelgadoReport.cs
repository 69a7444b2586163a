using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.Uci;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Tables and plots of a method placed among the 179 classifiers of Fernández-Delgado et al.</summary>
public static class DelgadoReport
{
    /// <summary>The named rows of a ranking (accuracies in percent), in the order given.</summary>
    public static string Table(IReadOnlyList<MethodSummary> ranking, IEnumerable<string> rows)
    {
        var position = ranking.Select((s, i) => (s.Method, i)).ToDictionary(p => p.Method, p => p.i + 1);
        var table = new MarkdownTable("classifier", "place (of 180)", "sets", "failed", "average accuracy %", "Friedman rank", "P90 %", "P95 %", "PMA %");
        foreach (string name in rows)
        {
            MethodSummary s = ranking.Single(r => r.Method == name);
            table.Add(name, $"{position[name]}", $"{s.Sets}", $"{s.Failed}", F(s.AverageAccuracy), F(s.FriedmanRank), F(100 * s.P90), F(100 * s.P95),
                F(100 * s.Pma));
        }
        return table.ToString();
    }

    /// <summary>Scatter of the method's accuracy against one classifier's, per set, with y = x.</summary>
    public static void Plot(IReadOnlyDictionary<string, double> method, string methodName, DelgadoTable table, string classifier, string pngPath)
    {
        var pairs = method.Where(p => table.Accuracy(p.Key, classifier) is not null)
            .Select(p => (X: table.Accuracy(p.Key, classifier)!.Value, Y: p.Value)).ToList();
        var plot = new Plot();
        // The axes start at the lowest accuracy's decade, so the crowded top right is readable.
        double low = Math.Floor(pairs.SelectMany(p => new[] { p.X, p.Y }).DefaultIfEmpty(0).Min() / 10) * 10;
        var diagonal = plot.Add.Line(low, low, 100, 100);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "equal accuracy";
        var points = plot.Add.ScatterPoints(pairs.Select(p => p.X).ToArray(), pairs.Select(p => p.Y).ToArray());
        points.MarkerSize = 6;
        points.LegendText = $"one UCI set ({pairs.Count(p => p.Y > p.X)} above, {pairs.Count(p => p.Y < p.X)} below the diagonal)";
        plot.Title($"Per-set test accuracy: {methodName} (measured) vs {classifier} (Delgado et al.)");
        plot.XLabel($"{classifier} test accuracy (%)");
        plot.YLabel($"{methodName} test accuracy (%)");
        plot.Axes.SetLimits(low, 101, low, 101);
        plot.ShowLegend(Edge.Bottom);
        PlotFiles.SaveAtomically(plot, pngPath, 800, 760);
    }

    static string F(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
