using Glassbox.Experiments.MatrixCompletion;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.MatrixCompletion;

public sealed class CompletionKeyTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    static CompletionSpec Spec(double step, double init = 1e-3, double fraction = 0.2) =>
        new("sweep", CompletionData.LowRank, 10, 1, 60, 1, 2, init, step, MaxIterations: 30, TestFraction: fraction);

    [Fact]
    public void Settings_that_differ_in_the_fourth_digit_have_different_keys()
    {
        Assert.NotEqual(Spec(0.001).Key, Spec(0.0010004).Key);
        Assert.NotEqual(Spec(0.001, init: 1e-3).Key, Spec(0.001, init: 1.0004e-3).Key);
        Assert.NotEqual((Spec(0.001) with { Data = CompletionData.MovieLensRandom }).Key,
            (Spec(0.001, fraction: 0.2004) with { Data = CompletionData.MovieLensRandom }).Key);
        // Keys of the default settings are what they always were, so existing results files stay valid.
        Assert.Equal("sweep/lowrank-n10-r1-k60-s1/depth-2/init0.001/normalized0.001/max30", Spec(0.001).Key);
    }

    [Fact]
    public void A_resumed_sweep_with_a_slightly_different_step_computes_again()
    {
        string results = _temp.File("results.jsonl");
        new CompletionRun([Spec(0.001)], results, _temp.Path).Execute();
        var second = new CompletionRun([Spec(0.0010004)], results, _temp.Path).Execute();

        Assert.Equal(0.0010004, second.Single().Step);
        Assert.Equal(2, File.ReadLines(results).Count());
    }
}
