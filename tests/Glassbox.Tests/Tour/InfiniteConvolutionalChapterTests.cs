using Glassbox.Experiments.Cntk;
using Glassbox.Experiments.Cntk.FewShot;
using Glassbox.Experiments.Tour;
using Glassbox.Experiments.Tour.Chapters;

namespace Glassbox.Tests.Tour;

/// <summary>The chapter's verdicts on accuracies made by hand (the real run is the quick tour's): GAP ahead of vanilla at every
/// depth is reproduced, at some depths partly, at none not; the kernel ahead of the net beyond the draws' noise at every few-shot size.</summary>
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

    [Fact]
    public void The_kernel_ahead_beyond_noise_at_every_size_is_reproduced_ahead_in_the_mean_at_some_partly_at_none_not()
    {
        FewShotSpec spec = InfiniteConvolutionalChapter.FewShotFor(TourSize.Quick);
        string kernel = spec.KernelMethod(InfiniteConvolutionalChapter.FewShotDepth);
        List<FewShotRow> Rows(double k10a, double k10b, double net10, double k20, double net20a, double net20b) =>
        [
            new(kernel, 10, 1, k10a, 0, ""), new(kernel, 10, 2, k10b, 0, ""), new(spec.Model, 10, 1, net10, 0, ""),
            new(kernel, 20, 1, k20, 0, ""), new(spec.Model, 20, 1, net20a, 0, ""), new(spec.Model, 20, 2, net20b, 0, ""),
        ];
        // Reproduced needs a lead beyond the standard error of the difference at every n. n = 10: kernel 0.15 ± 0.0707 (2 draws)
        // against 0.14 (1 draw, sd 0): lead 0.01 < se 0.05 → only "ahead in the mean".
        TourClaim noisy = InfiniteConvolutionalChapter.FewShotClaim(Rows(0.10, 0.20, 0.14, 0.20, 0.10, 0.28), spec, 1, "cmd");
        Assert.Equal(Verdict.Partly, noisy.Verdict);
        Assert.StartsWith("n = 10: CNTK 15.0%, ResNet 14.0%; n = 20: CNTK 20.0%, ResNet 19.0%", noisy.Measured);
        // Leads of 0.05 (se 0.01) and 0.10 (se 0.02): reproduced.
        Assert.Equal(Verdict.Reproduced, InfiniteConvolutionalChapter.FewShotClaim(Rows(0.19, 0.21, 0.15, 0.30, 0.18, 0.22), spec, 1, "cmd").Verdict);
        // n = 10 ahead in the mean, n = 20 behind: partly; behind at both: not reproduced.
        Assert.Equal(Verdict.Partly, InfiniteConvolutionalChapter.FewShotClaim(Rows(0.10, 0.20, 0.14, 0.20, 0.10, 0.32), spec, 1, "cmd").Verdict);
        Assert.Equal(Verdict.NotReproduced, InfiniteConvolutionalChapter.FewShotClaim(Rows(0.10, 0.10, 0.14, 0.20, 0.30, 0.32), spec, 1, "cmd").Verdict);
    }
}
