using Glassbox.MatrixCompletion;

namespace Glassbox.Tests.MatrixCompletion;

public sealed class NuclearNormSolverTests
{
    static readonly NuclearNormOptions Exact = new(Epsilon: 0);

    [Fact]
    public void TwoByTwoWithOneMissingEntryIsCompletedToRankOne()
    {
        // ‖[[1, x], [1, 1]]‖_* = √(3 + x² + 2|1 − x|), smallest (= 2) at x = 1.
        var observed = new Observations(2, 2, [0, 1, 1], [0, 0, 1], [1, 1, 1]);
        var result = NuclearNormSolver.Solve(observed, Exact with { GapTolerance = 1e-7 });
        Assert.True(result.Converged);
        Assert.Equal(1, result.X[0, 1], 1e-4);
        Assert.Equal(2, result.NuclearNorm, 1e-6);
        Assert.InRange(result.DualBound, 2 - 1e-6, 2 + 1e-12);
        Assert.Equal([1.0, 1.0, 1.0], new[] { result.X[0, 0], result.X[1, 0], result.X[1, 1] });
    }

    [Fact]
    public void FullyObservedMatrixIsReturnedUnchanged()
    {
        var (observed, truth) = LowRank.Problem(7, 5, rank: 5, count: 35, seed: 3);
        var result = NuclearNormSolver.Solve(observed, Exact);
        Assert.True(result.Converged);
        for (int i = 0; i < truth.Length; i++) Assert.Equal(truth[i], result.X.Data[i], 1e-12);
        Assert.Equal(LowRank.NuclearNorm(truth, 7, 5), result.NuclearNorm, 1e-9);
    }

    /// <remarks>
    /// At 20×20 not every draw is in the exact-recovery regime: for (2, 280, 12) and (1, 260, 13) the
    /// solver returns a feasible matrix of smaller nuclear norm than W*, so W* is not the minimiser
    /// there. These seeds were checked to be recoverable.
    /// </remarks>
    [Theory]
    [InlineData(1, 260, 11)]
    [InlineData(2, 280, 13)]
    [InlineData(2, 260, 14)]
    public void LowRankMatrixIsRecoveredExactly(int rank, int count, int seed)
    {
        var (observed, truth) = LowRank.Problem(20, 20, rank, count, seed);
        var result = NuclearNormSolver.Solve(observed, Exact);
        Assert.True(result.Converged);
        Assert.True(result.RelativeGap <= Exact.GapTolerance, $"gap {result.RelativeGap}");
        double worst = truth.Select((w, i) => Math.Abs(w - result.X.Data[i])).Max();
        Assert.True(worst < 1e-3 * truth.Max(Math.Abs), $"largest error {worst}");
    }

    [Theory]
    [InlineData(21, 15, 12, 2, 120)]
    [InlineData(22, 12, 18, 3, 100)]
    [InlineData(23, 30, 30, 4, 400)]
    [InlineData(24, 10, 25, 1, 60)]
    public void ResultIsFeasibleAndItsCertificateConsistent(int seed, int rows, int cols, int rank, int count)
    {
        var (observed, truth) = LowRank.Problem(rows, cols, rank, count, seed);
        var exact = NuclearNormSolver.Solve(observed, Exact);
        var loose = NuclearNormSolver.Solve(observed, new NuclearNormOptions(Epsilon: 0.05));
        foreach (var (result, epsilon) in new[] { (exact, 0.0), (loose, 0.05) })
        {
            Assert.True(result.Converged);
            double violation = Enumerable.Range(0, observed.Count)
                .Max(k => Math.Abs(result.X[observed.Row[k], observed.Col[k]] - observed.Value[k]) - epsilon);
            Assert.True(violation <= 1e-12, $"violation {violation}");
            Assert.True(result.MaxViolation <= 1e-12);
            Assert.True(result.DualBound <= result.NuclearNorm, "weak duality");
            Assert.Equal(LowRank.NuclearNorm(result.X.Data, rows, cols), result.NuclearNorm, 1e-9 * result.NuclearNorm);
            Assert.Equal((result.NuclearNorm - result.DualBound) / Math.Max(1, result.NuclearNorm), result.RelativeGap, 1e-12);
        }
        // The truth is feasible for ε = 0: the optimum, and so any valid dual bound, lies below its nuclear norm.
        double truthNorm = LowRank.NuclearNorm(truth, rows, cols);
        Assert.True(exact.DualBound <= truthNorm + 1e-9);
        Assert.True(exact.NuclearNorm <= truthNorm * (1 + 2 * Exact.GapTolerance));
        // A wider box can only lower the optimum: the ε > 0 lower bound sits below the ε = 0 value,
        // and the two values are ordered up to the gaps.
        Assert.True(loose.DualBound <= exact.NuclearNorm);
        Assert.True(loose.NuclearNorm <= exact.NuclearNorm * (1 + 2 * Exact.GapTolerance));
    }

    [Fact]
    public void StopsAtTheIterationLimitWithAFeasibleMatrix()
    {
        var (observed, _) = LowRank.Problem(20, 20, 3, 150, seed: 5);
        var gaps = new List<double>();
        var result = NuclearNormSolver.Solve(observed, new NuclearNormOptions(MaxIterations: 3), new SynchronousProgress(p => gaps.Add(p.Gap)));
        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Single(gaps);
        Assert.Equal(result.RelativeGap, gaps[0]);
        Assert.True(result.MaxViolation <= 1e-12);
        Assert.True(result.DualBound <= result.NuclearNorm);
    }

    [Fact]
    public void NoObservationsGiveTheZeroMatrix()
    {
        var result = NuclearNormSolver.Solve(new Observations(3, 4, [], [], []));
        Assert.True(result.Converged);
        Assert.All(result.X.Data, v => Assert.Equal(0, v));
        Assert.Equal(0, result.NuclearNorm);
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        var (observed, _) = LowRank.Problem(10, 10, 2, 50, seed: 6);
        Assert.Throws<OperationCanceledException>(() => NuclearNormSolver.Solve(observed, ct: new CancellationToken(true)));
    }

    public static TheoryData<NuclearNormOptions, string> BadOptions => new()
    {
        { new NuclearNormOptions(Epsilon: -1e-3), "Epsilon" },
        { new NuclearNormOptions(Epsilon: double.NaN), "Epsilon" },
        { new NuclearNormOptions(Epsilon: double.PositiveInfinity), "Epsilon" },
        { new NuclearNormOptions(GapTolerance: 0), "GapTolerance" },
        { new NuclearNormOptions(GapTolerance: double.NaN), "GapTolerance" },
        { new NuclearNormOptions(ResidualTolerance: -1), "ResidualTolerance" },
        { new NuclearNormOptions(MaxIterations: 0), "MaxIterations" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsAreRejected(NuclearNormOptions options, string field)
    {
        var observed = new Observations(2, 2, [0], [0], [1]);
        var error = Assert.Throws<ArgumentException>(() => NuclearNormSolver.Solve(observed, options));
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late for an assertion).</summary>
    sealed class SynchronousProgress(Action<(int Iteration, double Gap)> report) : IProgress<(int Iteration, double Gap)>
    {
        public void Report((int Iteration, double Gap) value) => report(value);
    }
}
