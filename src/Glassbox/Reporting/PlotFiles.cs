using ScottPlot;

namespace Glassbox.Reporting;

/// <summary>Shared plotting chores: atomic PNG writes and a base-10 logarithmic y axis.</summary>
public static class PlotFiles
{
    /// <summary>Saves through a temporary file and a rename, so a kill never leaves half a PNG.</summary>
    public static void SaveAtomically(Plot plot, string pngPath, int width = 900, int height = 650)
    {
        string full = Path.GetFullPath(pngPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp.png";
        plot.SavePng(temp, width, height);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Titles a plot whose data are log10(y), puts the legend at <paramref name="legend"/> and saves it atomically.</summary>
    public static void SaveLogY(Plot plot, string title, string xLabel, string yLabel, Edge legend, string pngPath)
    {
        UseLogY(plot);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
        SaveAtomically(plot, pngPath);
    }

    /// <summary>Data plotted as log10(y): ticks at powers of ten labelled 1e-k, minor ticks between.</summary>
    public static void UseLogY(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => $"1e{y:0}",
        };
        plot.Axes.Left.TickGenerator = ticks;
    }
}
