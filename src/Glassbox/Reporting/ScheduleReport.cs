using Glassbox.Training;
using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Plots of learning-rate schedules.</summary>
public static class ScheduleReport
{
    const int MaxPoints = 2000;

    /// <summary>η_t against epochs over the steps 0..<paramref name="steps"/> − 1 of a run, one line per schedule, log-scale y.</summary>
    public static void PlotRates(IEnumerable<(string Label, LearningRateSchedule Schedule)> curves, long steps, int stepsPerEpoch,
        string title, string pngPath)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(null, $"steps must be ≥ 1, got {steps}");
        if (stepsPerEpoch < 1) throw new ArgumentOutOfRangeException(null, $"steps per epoch must be ≥ 1, got {stepsPerEpoch}");
        // Increasing steps: a tapered exponential reads them in order at O(1) each.
        long last = steps - 1;
        long[] at = last == 0 ? [0] : Enumerable.Range(0, (int)Math.Min(steps, MaxPoints))
            .Select(i => (long)Math.Round((double)i * last / Math.Min(last, MaxPoints - 1))).Distinct().ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var (label, schedule) in curves)
        {
            // A cosine to 0 ends at η = 0, which a log axis cannot show.
            var points = at.Select(t => (Epoch: (double)t / stepsPerEpoch, Rate: schedule.Rate(t))).Where(p => p.Rate > 0).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => Math.Log10(p.Rate)).ToArray());
            line.Color = palette.GetColor(index++);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = label;
        }
        PlotFiles.SaveLogY(plot, title, "epoch", "learning rate (log scale)", Edge.Bottom, pngPath);
    }
}
