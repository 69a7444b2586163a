using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class SvmPathTests
{
    static readonly double[] Grid = { 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4 };

    [Theory]
    [InlineData(SvmSolver.Libsvm, WarmStart.Proportional)]
    [InlineData(SvmSolver.Fast, WarmStart.Proportional)]
    [InlineData(SvmSolver.Fast, WarmStart.Unscaled)]
    [InlineData(SvmSolver.Fast, WarmStart.LineSearch)]
    internal void Warm_started_path_is_optimal_at_every_C_and_predicts_as_cold_fits(SvmSolver solver, WarmStart warmStart)
    {
        var (k, labels, _) = SvmTestProblems.Blobs(150, 3, seed: 17);
        int[] train = Enumerable.Range(0, 150).Where(i => i % 3 != 0).ToArray();
        int[] test = Enumerable.Range(0, 150).Where(i => i % 3 == 0).ToArray();
        int[] trainLabels = train.Select(i => labels[i]).ToArray();

        IReadOnlyList<SvmModel> warm = SvmClassifier.FitPath(k, train, trainLabels, Grid, new SvmOptions(Solver: solver), warmStart);
        for (int t = 0; t < Grid.Length; t++)
        {
            Assert.Equal(Grid[t], warm[t].C);
            SvmTestProblems.AssertOptimal(warm[t], k, train, trainLabels, exactKernel: solver == SvmSolver.Fast);
            SvmModel cold = SvmClassifier.Fit(k, train, trainLabels, new SvmOptions(C: Grid[t]));
            Assert.Equal(cold.Predict(k, test), warm[t].Predict(k, test));
        }
    }

    [Fact]
    public void A_cold_path_equals_separate_fits_exactly_and_keeps_the_order_of_cs()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(60, 3, seed: 2);
        int[] train = SvmTestProblems.Range(60);
        double[] cs = { 100, 0.5, 3 };
        IReadOnlyList<SvmModel> path = SvmClassifier.FitPath(k, train, labels, cs);
        for (int t = 0; t < cs.Length; t++)
        {
            SvmModel single = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: cs[t]));
            Assert.Equal(cs[t], path[t].C);
            Assert.Equal(single.DualCoefficients(), path[t].DualCoefficients());
            Assert.Equal(single.Intercepts, path[t].Intercepts);
            Assert.Equal(single.Iterations, path[t].Iterations);
        }
    }

    [Fact]
    public void Unsorted_cs_on_a_warm_path_come_back_in_the_given_order()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(60, 2, seed: 9);
        int[] train = SvmTestProblems.Range(60);
        double[] cs = { 10, 0.1, 1 };
        IReadOnlyList<SvmModel> path = SvmClassifier.FitPath(k, train, labels, cs, new SvmOptions(Solver: SvmSolver.Fast));
        Assert.Equal(cs, path.Select(m => m.C));
        foreach (SvmModel m in path) SvmTestProblems.AssertOptimal(m, k, train, labels, exactKernel: true);
    }
}
