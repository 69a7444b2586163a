using Glassbox.Experiments.Tour;
using Glassbox.Reporting;
using ScottPlot;

namespace Glassbox.Tests.Tour;

/// <summary>A chapter that counts its runs and draws one real plot; it can be told to fail.</summary>
internal sealed class FakeChapter(string id, bool fail = false) : ITourChapter
{
    public string Version { get; set; } = "v1";

    public string Fingerprint(TourSize size) => $"{id}/{Version}/{size}";

    public int Runs { get; private set; }

    public string Id => id;

    public string Title => $"Fake chapter {id}";

    public IReadOnlyList<string> Quotes => ["the quoted words"];

    public TimeSpan Estimate(TourSize size) => TimeSpan.FromSeconds(size == TourSize.Quick ? 1 : 10);

    public ChapterSection Run(TourContext context)
    {
        Runs++;
        context.Progress.Report(new TourStep("step", 1, 2, "units"));
        context.Progress.Report(new TourStep("a second step", 0, 4, "units")); // starts again from 0: the overall bar must not go back
        if (fail) throw new InvalidOperationException($"{id} failed on purpose");
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 1, 0, 2 });
        plot.Title("a plot");
        string png = context.File("plot.png");
        PlotFiles.SaveAtomically(plot, png, 400, 300);
        var claim = new TourClaim(Quotes[0], "42 | 43", "a paper, Table 1", $"run {Runs}", Verdict.Partly, "within 1", 1.5, $"./glassbox tour --chapters {id}",
            context.Size == TourSize.Quick ? "smaller" : null);
        return new ChapterSection(Id, Title, context.Size, [claim], $"Some text.\n\n![a plot]({context.Link(png)})\n", [context.Link(png)], 0);
    }
}
