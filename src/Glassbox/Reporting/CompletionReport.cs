using System.Globalization;
using System.Text;
using Glassbox.Experiments.MatrixCompletion;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>One (number of observed entries, method) cell of a completion experiment, over its seeds.</summary>
public sealed record CompletionCell(string Problem, int Observations, string Method, int Runs, double Mean, double StandardDeviation,
    double Min, double Max, int Converged, double MeanIterations, double MeanSeconds);

/// <summary>Tables and plots of matrix-completion results.</summary>
public static class CompletionReport
{
    /// <summary>The error a result is judged by: reconstruction (synthetic) or held-out (MovieLens).</summary>
    public static double Error(CompletionResult r) => r.ReconstructionError ?? r.TestError ?? double.NaN;

    public static IReadOnlyList<CompletionCell> Cells(IEnumerable<CompletionResult> results) =>
        results.GroupBy(r => (Family: Family(r), r.Observations, r.Method))
            .Select(g =>
            {
                double[] e = g.Select(Error).ToArray();
                return new CompletionCell(g.Key.Family, g.Key.Observations, g.Key.Method, e.Length, e.Average(), SampleStatistics.StandardDeviation(e), e.Min(), e.Max(),
                    g.Count(r => r.Converged), g.Average(r => (double)(r.Iterations ?? 0)), g.Average(r => r.Seconds));
            })
            .OrderBy(c => c.Problem, StringComparer.Ordinal).ThenBy(c => c.Observations).ThenBy(c => MethodOrder(c.Method)).ToList();

    public static string Table(IEnumerable<CompletionResult> results)
    {
        var table = new MarkdownTable("problem", "observed", "method", "runs", "mean error", "sd", "min", "max", "converged", "mean iterations", "mean seconds");
        foreach (CompletionCell c in Cells(results))
            table.Add(c.Problem, $"{c.Observations}", c.Method, $"{c.Runs}", E(c.Mean), E(c.StandardDeviation), E(c.Min), E(c.Max),
                $"{c.Converged}/{c.Runs}", c.MeanIterations.ToString("0", CultureInfo.InvariantCulture), c.MeanSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        return table.ToString();
    }

    /// <summary>Mean error against the number of observed entries, one line per method, every seed as a dot; log-scale y.</summary>
    public static void PlotSweep(IEnumerable<CompletionResult> results, string title, string pngPath)
    {
        var list = results.ToList();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var method in list.Select(r => r.Method).Distinct().OrderBy(MethodOrder))
        {
            Color color = palette.GetColor(index++);
            var mine = list.Where(r => r.Method == method).ToList();
            var means = mine.GroupBy(r => r.Observations).OrderBy(g => g.Key)
                .Select(g => (X: (double)g.Key, Y: Math.Log10(g.Average(Error)))).ToArray();
            var line = plot.Add.Scatter(means.Select(p => p.X).ToArray(), means.Select(p => p.Y).ToArray());
            line.Color = color;
            line.LegendText = method;
            line.MarkerSize = 7;
            var dots = plot.Add.ScatterPoints(mine.Select(r => (double)r.Observations).ToArray(), mine.Select(r => Math.Log10(Error(r))).ToArray());
            dots.Color = color.WithAlpha(0.4);
            dots.MarkerSize = 4;
        }
        PlotFiles.SaveLogY(plot, title, "observed entries", "reconstruction error (mean squared, log scale)", Edge.Right, pngPath);
    }

    /// <summary>A problem's family: the name without its seed, so seeds group together.</summary>
    public static string Family(CompletionResult r)
    {
        int seed = r.Problem.LastIndexOf("-s", StringComparison.Ordinal);
        return seed > 0 && long.TryParse(r.Problem[(seed + 2)..], out _) ? r.Problem[..seed] : r.Problem;
    }

    static int MethodOrder(string method) => method == "nuclear" ? 0 : int.Parse(method["depth-".Length..], CultureInfo.InvariantCulture);

    static string E(double x) => x.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
