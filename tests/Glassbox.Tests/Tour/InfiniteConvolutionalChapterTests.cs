using Glassbox.Experiments.Cntk;
using Glassbox.Experiments.Tour;
using Glassbox.Experiments.Tour.Chapters;

namespace Glassbox.Tests.Tour;

/// <summary>The chapter's verdict on accuracies made by hand (the real run is the quick tour's): GAP ahead of vanilla at every
/// depth is reproduced, at some depths partly, at none not.</summary>
public sealed class InfiniteConvolutionalChapterTests
{
    static List<CntkDepthRow> Rows(params (int Depth, double V, double Gap)[] table) =>
        table.SelectMany(t => new[] { new CntkDepthRow("CNTK-V", t.Depth, 50, 50, t.V), new CntkDepthRow("CNTK-GAP", t.Depth, 50, 50, t.Gap) }).ToList();

    [Fact]
    public void Gap_ahead_at_every_depth_is_reproduced_at_some_partly_at_none_not()
    {
        TourClaim all = InfiniteConvolutionalChapter.Claim(Rows((3, 0.20, 0.30), (6, 0.22, 0.32)), 1, "cmd", 50);
        Assert.Equal(Verdict.Reproduced, all.Verdict);
        Assert.Equal("depth 3: GAP 30.0%, V 20.0%; depth 6: GAP 32.0%, V 22.0% (50 training images)", all.Measured);
        Assert.Equal(Verdict.Partly, InfiniteConvolutionalChapter.Claim(Rows((3, 0.20, 0.30), (6, 0.32, 0.32)), 1, "cmd", 50).Verdict);
        Assert.Equal(Verdict.NotReproduced, InfiniteConvolutionalChapter.Claim(Rows((3, 0.30, 0.20), (6, 0.32, 0.22)), 1, "cmd", 50).Verdict);
    }
}
