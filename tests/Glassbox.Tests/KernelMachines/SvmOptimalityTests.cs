using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class SvmOptimalityTests
{
    public static TheoryData<int, int, double> Problems => new()
    {
        { 1, 2, 0.05 }, { 2, 3, 1 }, { 3, 4, 30 }, { 4, 3, 1000 }, { 5, 2, 1e4 },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Every_binary_subproblem_meets_KKT_bounds_and_the_equality_constraint(int seed, int classes, double c)
    {
        var (k, labels, _) = SvmTestProblems.Blobs(90, classes, seed);
        int[] train = SvmTestProblems.Range(90);
        SvmModel model = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: c));
        Assert.Equal(classes * (classes - 1) / 2, model.Machines.Count);
        SvmTestProblems.AssertOptimal(model, k, train, labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_shrinking_or_with_the_fast_solver_the_solution_is_still_optimal(bool fast)
    {
        var (k, labels, _) = SvmTestProblems.Blobs(120, 3, seed: 8);
        int[] train = SvmTestProblems.Range(120);
        foreach (double c in new[] { 0.1, 10, 1e3 })
        {
            var options = new SvmOptions(C: c, Shrinking: fast, Solver: fast ? SvmSolver.Fast : SvmSolver.Libsvm);
            SvmTestProblems.AssertOptimal(SvmClassifier.Fit(k, train, labels, options), k, train, labels, exactKernel: fast);
        }
    }

    [Fact]
    public void Fits_on_a_subset_of_rows_use_only_those_rows()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(60, 3, seed: 5);
        int[] train = Enumerable.Range(0, 60).Where(i => i % 3 != 1).Reverse().ToArray();
        int[] trainLabels = train.Select(i => labels[i]).ToArray();
        SvmModel model = SvmClassifier.Fit(k, train, trainLabels, new SvmOptions(C: 5));
        Assert.Equal(train, model.TrainRows);
        SvmTestProblems.AssertOptimal(model, k, train, trainLabels);

        // The same problem on its own compact kernel gives the same machine.
        var sub = new double[train.Length * train.Length];
        for (int i = 0; i < train.Length; i++)
            for (int j = 0; j < train.Length; j++) sub[i * train.Length + j] = k[train[i], train[j]];
        var compact = new KernelMatrix(sub, train.Length);
        SvmModel direct = SvmClassifier.Fit(compact, SvmTestProblems.Range(train.Length), trainLabels, new SvmOptions(C: 5));
        Assert.Equal(direct.DualCoefficients(), model.DualCoefficients());
        Assert.Equal(direct.Intercepts, model.Intercepts);
    }

    [Fact]
    public void Parallel_and_sequential_fits_agree_exactly()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(100, 5, seed: 21);
        int[] train = SvmTestProblems.Range(100);
        SvmModel one = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: 50, MaxDegreeOfParallelism: 1));
        SvmModel many = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: 50, MaxDegreeOfParallelism: 4));
        Assert.Equal(one.DualCoefficients(), many.DualCoefficients());
        Assert.Equal(one.Intercepts, many.Intercepts);
        Assert.Equal(one.Support, many.Support);
    }

    [Fact]
    public void An_iteration_limit_is_reported()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(80, 2, seed: 3);
        SvmModel model = SvmClassifier.Fit(k, SvmTestProblems.Range(80), labels, new SvmOptions(C: 1e4, MaxIterations: 5));
        BinaryMachine m = Assert.Single(model.Machines);
        Assert.True(m.ReachedMaxIterations);
        Assert.Equal(5, m.Iterations);
    }
}
