using System.Globalization;
using System.Text;
using Glassbox.Experiments.Uci;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>summary.md and the accuracy scatter plot of a UCI run.</summary>
public static class UciReport
{
    /// <summary>The test accuracy the talk quotes for the NTK on primary-tumor (Arora et al., ICLR 2020).</summary>
    public const double TalkPrimaryTumorAccuracy = 0.515;

    static string Pct(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Summary(IReadOnlyList<UciResult> results, IReadOnlyList<string> methods, string? plotFile)
    {
        var text = new StringBuilder();
        IReadOnlyList<MethodSummary> summary = UciSummary.Compute(results, methods);
        int sets = summary.Count > 0 ? summary[0].Sets : 0;
        text.AppendLine($"# UCI benchmark: {string.Join(", ", methods)}");
        text.AppendLine();
        text.AppendLine($"Statistics over the {sets} data sets on which every method finished. Accuracies are mean test " +
                        "accuracies (%) over the 4 evaluation splits of conxuntos_kfold.dat, after choosing each method's " +
                        "hyper-parameters on conxuntos.dat. Friedman rank: mean rank among these methods (1 = best). " +
                        "P90/P95: % of sets where the method reaches 90%/95% of the best method's accuracy. PMA: mean of " +
                        "accuracy / best accuracy (%).");
        text.AppendLine();
        var table = new MarkdownTable("method", "sets", "average accuracy", "Friedman rank", "P90", "P95", "PMA");
        foreach (MethodSummary s in summary)
            table.Add(s.Method, s.Sets.ToString(), Pct(s.AverageAccuracy), s.FriedmanRank.ToString("0.00", CultureInfo.InvariantCulture),
                Pct(s.P90), Pct(s.P95), Pct(s.Pma));
        text.Append(table);
        text.AppendLine();

        UciResult? tumor = results.FirstOrDefault(r => r.Dataset == "primary-tumor" && r.Method == "ntk");
        if (tumor is not null)
            text.AppendLine($"primary-tumor ({tumor.D} features, {tumor.N} rows): NTK test accuracy {Pct(tumor.TestAcc)}% here " +
                            $"(L = {tumor.Depth}, f = {tumor.Fix}, C = {tumor.C:g}); the talk quotes {Pct(TalkPrimaryTumorAccuracy)}%.\n");
        if (plotFile is not null) text.AppendLine($"![test accuracy per data set]({Path.GetFileName(plotFile)})\n");

        text.AppendLine("## Per data set");
        text.AppendLine();
        var perSet = new MarkdownTable(new[] { "data set", "n", "d", "classes" }
            .Concat(methods.Select(m => $"{m} test %")).Concat(new[] { "NTK choice" }).ToArray());
        foreach (var group in results.GroupBy(r => r.Dataset))
        {
            UciResult first = group.First();
            var cells = new List<string> { first.Dataset, first.N.ToString(), first.D.ToString(), first.Classes.ToString() };
            cells.AddRange(methods.Select(m => group.FirstOrDefault(r => r.Method == m) is { } r ? Pct(r.TestAcc) : "–"));
            UciResult? ntk = group.FirstOrDefault(r => r.Method == "ntk");
            cells.Add(ntk is null ? "–" : $"L={ntk.Depth}, f={ntk.Fix}, C={ntk.C:g}");
            perSet.Add(cells.ToArray());
        }
        text.Append(perSet);
        text.AppendLine();
        double seconds = results.Sum(r => r.Seconds);
        text.AppendLine($"Compute time of these results (sum of per-result seconds): {seconds:0} s.");
        return text.ToString();
    }

    /// <summary>Scatter of <paramref name="yMethod"/> against <paramref name="xMethod"/> test accuracy per set, with y = x.</summary>
    public static void Plot(IReadOnlyList<UciResult> results, string xMethod, string yMethod, string pngPath)
    {
        var pairs = results.GroupBy(r => r.Dataset)
            .Select(g => (X: g.FirstOrDefault(r => r.Method == xMethod), Y: g.FirstOrDefault(r => r.Method == yMethod)))
            .Where(p => p.X is not null && p.Y is not null)
            .Select(p => (X: 100 * p.X!.TestAcc, Y: 100 * p.Y!.TestAcc)).ToList();
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 100, 100);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        var points = plot.Add.ScatterPoints(pairs.Select(p => p.X).ToArray(), pairs.Select(p => p.Y).ToArray());
        points.MarkerSize = 6;
        int above = pairs.Count(p => p.Y > p.X), below = pairs.Count(p => p.Y < p.X);
        plot.Title($"Test accuracy per UCI set: {yMethod} vs {xMethod} ({above} above, {below} below the diagonal)");
        plot.XLabel($"{xMethod} test accuracy (%)");
        plot.YLabel($"{yMethod} test accuracy (%)");
        plot.Axes.SetLimits(0, 100, 0, 100);
        string full = Path.GetFullPath(pngPath);
        string temp = full + ".tmp.png";
        plot.SavePng(temp, 800, 700);
        File.Move(temp, full, overwrite: true);
    }
}
