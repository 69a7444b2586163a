using Glassbox.Experiments.Tour;
using Glassbox.Experiments.Tour.Chapters;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Tour;

/// <summary>The real chapter at its quick size (NTK on 21 small sets, a few seconds): claims, commands, section and plot.</summary>
public sealed class InfiniteWidthChapterTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_quick_chapter_tests_the_talks_two_claims_and_names_commands_that_rerun_them()
    {
        var chapter = new InfiniteWidthChapter();
        var runner = new TourRunner([chapter], TourSize.Quick, _temp.File("report"), TestData.Root, TestData.RepoRoot, "./glassbox", _temp.Path);

        ChapterSection section = runner.Run(force: false).Single().Section;

        Assert.Equal(2, section.Claims.Count);
        TourClaim tumor = section.Claims[0], champions = section.Claims[1];
        // 52.13% is also what the reference procedure (scikit-learn on NumPy kernels) gives: docs/results/uci.md.
        Assert.StartsWith("52.13%", tumor.Measured);
        Assert.Equal(Verdict.Reproduced, tumor.Verdict);
        Assert.Equal("./glassbox uci --datasets primary-tumor --methods ntk --out runs/tour-primary-tumor", tumor.Command);
        Assert.Equal("./glassbox tour --chapters infinite-width --force --out report", champions.Command);
        Assert.Contains($"the {InfiniteWidthChapter.QuickSets} smallest sets instead of 90", champions.Reduction);
        Assert.Contains("rank", champions.Measured);
        Assert.All(chapter.Quotes, q => Assert.Contains(section.Claims, c => c.Quote == q));
        Assert.Contains("| NTK |", section.Markdown);
        Assert.Contains("| parRF_caret |", section.Markdown);
        Assert.True(File.Exists(_temp.File(Path.Combine("report", section.Plots[0]))));
        Assert.Equal(InfiniteWidthChapter.QuickSets + 1, File.ReadLines(_temp.File(Path.Combine("report", "infinite-width", "results.jsonl"))).Count());
    }
}
