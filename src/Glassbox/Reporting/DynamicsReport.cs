using System.Globalization;
using System.Text;
using Glassbox.Experiments.MatrixCompletion;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>The singular-value dynamics: σ_r against iterations per depth, and the table of the law's check.</summary>
public static class DynamicsReport
{
    public static void Plot(DynamicsResult result, string pngPath)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int tracked = result.Trace.Count == 0 ? 0 : result.Trace.Min(p => p.Sigma.Length);
        double[] xs = result.Trace.Select(p => (double)p.Iteration).ToArray();
        for (int r = 0; r < tracked; r++)
        {
            var line = plot.Add.ScatterLine(xs, result.Trace.Select(p => p.Sigma[r]).ToArray());
            line.Color = palette.GetColor(r);
            line.LineWidth = 2;
            line.LegendText = $"σ{r + 1}";
        }
        var o = result.Options;
        plot.Title($"Depth {o.Depth}: singular values of W (n = {o.N}, rank {o.Rank}, {o.Observations} entries, balanced start {o.InitScale:g2}·I, η = {o.Step:g3})");
        plot.XLabel("iteration");
        plot.YLabel("singular value");
        plot.ShowLegend(Edge.Right);
        PlotFiles.SaveAtomically(plot, pngPath, 1000, 600);
    }

    public static string Summary(IReadOnlyList<DynamicsResult> results)
    {
        var text = new StringBuilder();
        var table = new MarkdownTable("depth", "η", "iterations", "converged", "final loss", "reconstruction error",
            "checked (t, r) pairs", "median relative error", "max relative error", "seconds");
        foreach (DynamicsResult r in results)
            table.Add($"{r.Options.Depth}", G(r.Options.Step), $"{r.Iterations}", r.Converged ? "yes" : "no", E(r.FinalLoss),
                E(r.ReconstructionError), $"{r.CheckedValues}", E(r.MedianRelativeError), E(r.MaxRelativeError), $"{r.Seconds:0.0}");
        text.AppendLine(table.ToString());
        text.AppendLine("Measured rate: (σ_r(t+1) − σ_r(t−1)) / (2η); predicted: −N (σ_r²)^{1−1/N} ⟨∇ℓ(W(t)), u_r v_rᵀ⟩.");
        text.AppendLine();
        foreach (DynamicsResult r in results)
        {
            text.AppendLine($"Depth {r.Options.Depth}, a sample of the checks:");
            text.AppendLine();
            var checks = new MarkdownTable("iteration", "r", "σ_r", "predicted dσ/dt", "measured dσ/dt", "relative error");
            var sample = r.Checks.Where((_, i) => i % Math.Max(1, r.Checks.Count / 8) == 0).Take(10);
            foreach (DynamicsCheck c in sample)
                checks.Add($"{c.Iteration}", $"{c.Index}", E(c.Sigma), E(c.Predicted), E(c.Measured), E(c.RelativeError));
            text.AppendLine(checks.ToString());
        }
        return text.ToString();
    }

    static string E(double x) => x.ToString("0.000e+00", CultureInfo.InvariantCulture);

    static string G(double x) => x.ToString("g3", CultureInfo.InvariantCulture);
}
