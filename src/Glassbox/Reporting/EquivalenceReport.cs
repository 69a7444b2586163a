using System.Globalization;
using Glassbox.Experiments.ExponentialLr;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>The exact-equivalence experiment: disagreement of the two nets and the weight-norm ratio against steps.</summary>
public static class EquivalenceReport
{
    public static void Plot(EquivalenceResult result, string title, string pngPath)
    {
        var plot = new Plot();
        double[] steps = result.Points.Select(p => (double)p.Step).ToArray();
        var outputs = plot.Add.ScatterLine(steps, result.Points.Select(p => Log(p.OutputRelativeDifference)).ToArray());
        outputs.LegendText = "outputs: ‖f_wd − f_exp‖ / ‖f_wd‖";
        outputs.LineWidth = 2;
        var scale = plot.Add.ScatterLine(steps, result.Points.Select(p => Log(p.ScaleRelativeError)).ToArray());
        scale.LegendText = "weight norms: |ratio − c_t| / c_t";
        scale.LineWidth = 2;
        PlotFiles.SaveLogY(plot, title, "step", "relative difference (log scale)", Edge.Bottom, pngPath);
    }

    /// <summary>The checkpoints as a Markdown table (every <paramref name="every"/>-th point and the last).</summary>
    public static string Table(EquivalenceResult result, int every)
    {
        var table = new MarkdownTable("step", "η_t (with decay)", "η̃_t (exponential)", "output rel. difference", "‖θ̃‖/‖θ‖", "predicted c_t", "loss (with decay)");
        for (int i = 0; i < result.Points.Count; i++)
        {
            if (i % every != every - 1 && i != result.Points.Count - 1) continue;
            EquivalencePoint p = result.Points[i];
            table.Add($"{p.Step}", E(p.RateWithDecay), E(p.RateExponential), E(p.OutputRelativeDifference), G(p.NormRatio), G(p.PredictedScale), G(p.LossWithDecay));
        }
        return table.ToString();
    }

    // A difference of exactly 0 has no logarithm; plot it at the float64 floor instead.
    static double Log(double x) => Math.Log10(Math.Max(x, 1e-17));

    static string E(double x) => x.ToString("0.000e+00", CultureInfo.InvariantCulture);

    static string G(double x) => x.ToString("0.000000", CultureInfo.InvariantCulture);
}
