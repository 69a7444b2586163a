using Glassbox.Experiments.MatrixCompletion;
using Glassbox.Experiments.Tour;
using Glassbox.Experiments.Tour.Chapters;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Tour;

public sealed class ChapterTests
{
    static readonly string Transcript = File.ReadAllText(Path.Combine(TestData.RepoRoot, "..", "shared", "reference", "talk-transcript.txt"));

    public static TheoryData<string, string> Quotes()
    {
        var data = new TheoryData<string, string>();
        foreach (ITourChapter chapter in TourChapters.All)
            foreach (string quote in chapter.Quotes) data.Add(chapter.Id, quote);
        return data;
    }

    [Theory]
    [MemberData(nameof(Quotes))]
    public void Every_quote_is_the_talks_own_words(string chapter, string quote)
    {
        Assert.True(TalkQuote.Occurs(Transcript, quote), $"{chapter}: not in the transcript: {quote}");
    }

    [Fact]
    public void A_quote_that_the_talk_does_not_contain_is_caught()
    {
        Assert.True(TalkQuote.Occurs("so  the\nNeural tangent kernel beats", "the neural   tangent kernel"));
        Assert.False(TalkQuote.Occurs(Transcript, "the neural tangent kernel beats those old champions by a lot"));
    }

    [Fact]
    public void Chapter_ids_are_distinct_folder_names_with_estimates_for_both_sizes()
    {
        Assert.Equal(TourChapters.All.Count, TourChapters.All.Select(c => c.Id).Distinct().Count());
        foreach (ITourChapter c in TourChapters.All)
        {
            Assert.Matches("^[a-z][a-z0-9-]*$", c.Id);
            Assert.True(c.Estimate(TourSize.Full) > c.Estimate(TourSize.Quick));
            Assert.NotEmpty(c.Quotes);
        }
    }

    [Theory]
    [InlineData(0.5, 1.5, 5, Verdict.Reproduced)]
    [InlineData(1.5, 1.5, 5, Verdict.Reproduced)]
    [InlineData(1.6, 1.5, 5, Verdict.Partly)]
    [InlineData(5.1, 1.5, 5, Verdict.NotReproduced)]
    [InlineData(double.NaN, 1.5, 5, Verdict.NotReproduced)]
    public void Two_threshold_verdicts(double distance, double reproduced, double partly, Verdict expected) =>
        Assert.Equal(expected, VerdictRules.Within(distance, reproduced, partly));

    [Fact]
    public void All_of_gives_partly_for_some()
    {
        Assert.Equal(Verdict.Reproduced, VerdictRules.AllOf(true, true));
        Assert.Equal(Verdict.Partly, VerdictRules.AllOf(true, false));
        Assert.Equal(Verdict.NotReproduced, VerdictRules.AllOf(false, false));
    }

    static DynamicsResult Trace(params double[][] sigmas) => new(new DynamicsOptions(3), sigmas.Length, true, 0, 0,
        sigmas.Select((s, i) => new DynamicsPoint(i, 0, s)).ToList(), [], 0, 0, 0, 0);

    [Fact]
    public void Lag_is_a_half_when_singular_values_grow_together_and_near_zero_one_at_a_time()
    {
        // Together: both at the same share of their final values at every step.
        DynamicsResult together = Trace([0, 0], [1, 2], [2, 4], [4, 8]);
        // One at a time: σ₂ starts only after σ₁ has finished.
        DynamicsResult sequential = Trace([0, 0], [3, 0], [4, 0.01], [4, 2], [4, 8]);

        Assert.Equal(0.5, DeepMatrixFactorizationChapter.Lag(together), 12);
        Assert.Equal(0.0, DeepMatrixFactorizationChapter.Lag(sequential), 12);
    }
}
