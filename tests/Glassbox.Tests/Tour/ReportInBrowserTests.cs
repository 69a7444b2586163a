using Glassbox.Experiments.Tour;
using Glassbox.Reporting;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Tour;

/// <summary>
/// The report as a reader sees it, in headless Chromium. Without GLASSBOX_TOUR_REPORT the test renders a report made here from
/// two chapters with real plots; .ci/run sets it to the quick tour's report/index.html, so CI checks the real one too and keeps a
/// screenshot beside it.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    string MakeReport()
    {
        string folder = _temp.File("report");
        var sections = new TourRunner([new FakeChapter("a"), new FakeChapter("b")], TourSize.Quick, folder, _temp.Path, null, "./glassbox")
            .Run(force: false).Select(s => s.Section).ToList();
        TourReport.Write(folder, sections, new TourRunInfo(TourSize.Quick, DateTimeOffset.UtcNow, 3, "glassbox tour", 2, [], "abc1234"));
        return Path.Combine(folder, TourReport.HtmlFile);
    }

    [Fact]
    public async Task The_report_loads_every_image_logs_no_error_and_shows_the_claims_table()
    {
        string html = MakeReport();
        PageCheck page = await BrowserPage.Check(html, _temp.File("screenshot.png"));

        Assert.Empty(page.BrokenImages);
        Assert.Empty(page.Errors);
        Assert.True(page.HasClaimsTable, "no claims table with rows");
        Assert.Equal(2, page.Images);
        Assert.True(new FileInfo(_temp.File("screenshot.png")).Length > 10_000);
    }

    [Fact]
    public async Task A_missing_plot_is_seen_as_a_broken_image()
    {
        string html = MakeReport();
        File.Delete(Path.Combine(Path.GetDirectoryName(html)!, "b", "plot.png"));

        PageCheck page = await BrowserPage.Check(html);

        Assert.Equal(["b/plot.png"], page.BrokenImages);
        Assert.NotEmpty(page.Errors); // the failed request
    }

    [Fact]
    public async Task The_tour_report_named_by_GLASSBOX_TOUR_REPORT_passes_the_same_checks()
    {
        string? html = Environment.GetEnvironmentVariable("GLASSBOX_TOUR_REPORT");
        if (string.IsNullOrEmpty(html))
        {
            // .ci/run sets it after the quick tour; under CI its absence is a broken script, not a pass.
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            return;
        }
        Assert.True(File.Exists(html), $"GLASSBOX_TOUR_REPORT names {html}, which does not exist");

        PageCheck page = await BrowserPage.Check(html, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(html))!, "screenshot.png"));

        Assert.Empty(page.BrokenImages);
        Assert.Empty(page.Errors);
        Assert.True(page.HasClaimsTable, "no claims table with rows");
        Assert.True(page.Images >= TourChapters.All.Count, $"only {page.Images} images");
    }
}
