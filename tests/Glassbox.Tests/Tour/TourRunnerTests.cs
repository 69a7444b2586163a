using System.Text.Json;
using Glassbox.Experiments.Tour;
using Glassbox.Reporting;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Tour;

public sealed class TourRunnerTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    TourRunner Runner(IReadOnlyList<ITourChapter> chapters, TourSize size = TourSize.Quick) =>
        new(chapters, size, _temp.File("report"), _temp.Path, null, "./glassbox");

    [Fact]
    public void A_finished_chapter_is_reused_and_force_runs_it_again()
    {
        var a = new FakeChapter("a");
        var b = new FakeChapter("b");

        var first = Runner([a, b]).Run(force: false);
        var second = Runner([a, b]).Run(force: false);

        Assert.Equal(1, a.Runs);
        Assert.Equal(1, b.Runs);
        Assert.All(first, s => Assert.False(s.Reused));
        Assert.All(second, s => Assert.True(s.Reused));
        Assert.Equal("run 1", second[0].Section.Claims[0].Measured);
        Assert.Equal(0, Runner([a, b]).RemainingEstimate(force: false));
        Assert.Equal(2, Runner([a, b]).RemainingEstimate(force: true));

        Runner([a]).Run(force: true);
        Assert.Equal(2, a.Runs);
        Assert.Equal(1, b.Runs);
    }

    [Fact]
    public void A_section_whose_plan_or_code_changed_is_computed_again()
    {
        var a = new FakeChapter("a");
        Runner([a]).Run(force: false);
        a.Version = "v2";
        var again = Runner([a]).Run(force: false);

        Assert.Equal(2, a.Runs);
        Assert.False(again[0].Reused);
        Assert.Equal("a/v2/Quick", again[0].Section.Fingerprint);
    }

    [Fact]
    public void Commands_name_paths_as_typed_from_where_the_tour_started()
    {
        string cwd = _temp.Path;
        var context = new TourContext("/data", Path.Combine(cwd, "report"), Path.Combine(cwd, "report", "a"), TourSize.Quick, null, "./glassbox", cwd,
            new InlineProgress<TourStep>(_ => { }), default);

        Assert.Equal("report", context.Typed(context.ReportFolder));
        Assert.Equal("report/a/x.csv", context.Typed(context.File("x.csv")));
        Assert.Equal("/elsewhere/report", context.Typed("/elsewhere/report")); // outside: absolute
        Assert.Equal("a/x.png", context.Link(context.File("x.png"))); // links in the report: relative to it
        Assert.Equal("runs/tour-x", context.RerunFolder("x"));
    }

    [Fact]
    public void A_section_of_the_other_size_is_not_reused()
    {
        var a = new FakeChapter("a");
        Runner([a], TourSize.Quick).Run(force: false);
        var full = Runner([a], TourSize.Full).Run(force: false);

        Assert.Equal(2, a.Runs);
        Assert.Equal(TourSize.Full, full[0].Section.Size);
        Assert.Null(full[0].Section.Claims[0].Reduction);
    }

    [Fact]
    public void A_failing_chapter_leaves_earlier_chapters_finished_and_itself_unfinished()
    {
        var a = new FakeChapter("a");
        var broken = new FakeChapter("b", fail: true);

        TourRunner runner = Runner([a, broken]);
        Assert.Throws<InvalidOperationException>(() => runner.Run(force: false));

        Assert.Equal(["a"], runner.Completed.Select(s => s.Section.Id)); // what the report of a failed run shows

        Assert.True(File.Exists(_temp.File(Path.Combine("report", "a", TourRunner.SectionFile))));
        Assert.False(File.Exists(_temp.File(Path.Combine("report", "b", TourRunner.SectionFile))));
        Assert.Null(Runner([broken]).Finished(broken));
    }

    [Fact]
    public void Progress_runs_from_zero_to_the_sum_of_the_estimates()
    {
        var seen = new List<TourProgress>();
        Runner([new FakeChapter("a"), new FakeChapter("b")]).Run(false, new InlineProgress<TourProgress>(seen.Add));

        Assert.Equal(2, seen[^1].OverallTotal);
        Assert.Equal(2, seen[^1].OverallDone);
        // Inside chapter a, the step at 1 of 2 units is half of a's estimated second.
        Assert.Contains(seen, p => p.Chapter == "a" && p.Step is not null && p.OverallDone == 0.5);
        Assert.Contains(seen, p => p.Chapter == "b" && p.Step is not null && p.OverallDone == 1.5);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.Second.OverallDone >= pair.First.OverallDone));
    }

    [Fact]
    public void A_corrupt_section_file_is_an_error_naming_it()
    {
        var a = new FakeChapter("a");
        string path = _temp.File(Path.Combine("report", "a", TourRunner.SectionFile));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ not json");

        var e = Assert.Throws<Glassbox.Data.DataFormatException>(() => Runner([a]).Run(force: false));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void The_report_has_the_claims_table_every_chapter_and_escaped_cells()
    {
        var sections = Runner([new FakeChapter("a"), new FakeChapter("b")]).Run(force: false).Select(s => s.Section).ToList();
        string folder = _temp.File("report");
        TourReport.Write(folder, sections, new TourRunInfo(TourSize.Quick, DateTimeOffset.UnixEpoch, 12, "glassbox tour", 2, ["b"], "abc1234"));

        string md = File.ReadAllText(Path.Combine(folder, TourReport.MarkdownFile));
        string html = File.ReadAllText(Path.Combine(folder, TourReport.HtmlFile));
        Assert.Contains("| # | the talk says | published | measured now | verdict | compute s |", md);
        Assert.Contains("code abc1234", md);
        Assert.Contains("reused from an earlier run of this folder: b", md);
        Assert.Equal(1, md.Split("*Reused: this chapter was finished by an earlier run").Length - 1); // b only
        Assert.Contains("42 \\| 43 (a paper, Table 1)", md); // a pipe inside a cell does not split it
        Assert.Contains("run 1 — reduced: smaller", md);
        Assert.Contains("## Fake chapter a", md);
        Assert.Contains("## Fake chapter b", md);
        Assert.Contains("rerun alone: `./glassbox tour --chapters b`", md);
        Assert.Contains("<table>", html);
        Assert.Contains("<img src=\"a/plot.png\"", html);
        Assert.Contains("<td>42 | 43 (a paper, Table 1)</td>", html);
        Assert.DoesNotContain("<link", html); // styles inline, nothing fetched
        Assert.Contains("<style>", html);
    }

    [Fact]
    public void Chapters_are_selected_by_name_in_the_talks_order()
    {
        var chosen = TourChapters.Select("exponential-lr,infinite-width");
        Assert.Equal(["infinite-width", "exponential-lr"], chosen.Select(c => c.Id));
        Assert.Equal(TourChapters.All, TourChapters.Select(null));
        Assert.Throws<ArgumentException>(() => TourChapters.Select(" , "));
        var e = Assert.Throws<ArgumentException>(() => TourChapters.Select("infinite-width,nope"));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("deep-matrix-factorization", e.Message);
    }

    [Fact]
    public void Sections_round_trip_through_json_with_named_enums()
    {
        var section = new ChapterSection("x", "X", TourSize.Full, [new TourClaim("q", "p", "s", "m", Verdict.NotReproduced, "r", 1, "c")], "md", [], 3);
        string json = JsonSerializer.Serialize(section);
        Assert.Contains("\"NotReproduced\"", json);
        Assert.Contains("\"Full\"", json);
        var back = JsonSerializer.Deserialize<ChapterSection>(json)!;
        Assert.Equal(section.Claims[0], back.Claims[0]);
    }
}
