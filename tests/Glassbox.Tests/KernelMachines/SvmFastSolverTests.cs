using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class SvmFastSolverTests
{
    /// <summary>A linear kernel on overlapping 2-D classes with duplicated rows: degenerate at large C.</summary>
    static (KernelMatrix Kernel, int[] Labels) Degenerate(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            int source = i >= n / 2 && random.NextDouble() < 0.3 ? random.Next(n / 2) : i; // duplicates
            if (source != i)
            {
                x[2 * i] = x[2 * source];
                x[2 * i + 1] = x[2 * source + 1];
                continue;
            }
            x[2 * i] = (labels[i] == 0 ? 0.5 : -0.5) + SvmTestProblems.Normal(random);
            x[2 * i + 1] = SvmTestProblems.Normal(random);
        }
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i * n + j] = x[2 * i] * x[2 * j] + x[2 * i + 1] * x[2 * j + 1];
        return (new KernelMatrix(k, n), labels);
    }

    [Fact]
    public void A_degenerate_problem_is_handed_to_the_interior_point_method_and_still_meets_the_stopping_rule()
    {
        var (k, labels) = Degenerate(160, seed: 1);
        int[] train = SvmTestProblems.Range(160);
        SvmModel fast = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: 1e4, Solver: SvmSolver.Fast));
        BinaryMachine m = Assert.Single(fast.Machines);
        Assert.True(m.UsedInteriorPoint);
        SvmTestProblems.AssertOptimal(fast, k, train, labels, exactKernel: true);

        // LIBSVM's SMO needs far more iterations for the same stopping rule.
        SvmModel exact = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: 1e4));
        Assert.False(exact.Machines[0].UsedInteriorPoint);
        Assert.True(exact.Iterations > 3 * fast.Iterations, $"LIBSVM {exact.Iterations} vs fast {fast.Iterations} iterations");
        Assert.True(fast.Predict(k, train).Zip(exact.Predict(k, train), (a, b) => a == b).Count(same => same) >= 150);
    }

    [Fact]
    public void The_interior_point_solution_rounds_to_a_point_meeting_the_stopping_rule()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(70, 2, seed: 12);
        const double c = 50;
        var q = new double[70 * 70];
        var y = labels.Select(label => label == 0 ? 1.0 : -1.0).ToArray();
        for (int i = 0; i < 70; i++)
            for (int j = 0; j < 70; j++) q[i * 70 + j] = c * y[i] * y[j] * k[i, j];
        double[]? alpha = InteriorPointSolver.Solve(q, y, c, eps: 1e-3);
        Assert.NotNull(alpha);
        Assert.All(alpha, a => Assert.InRange(a, 0, c));
        Assert.Equal(0, alpha.Zip(y, (a, yi) => a * yi).Sum(), 9);
        Assert.Contains(alpha, a => a == 0);
        Assert.Contains(alpha, a => a == c);
        // LIBSVM's violation m(α) − M(α) with G = Qα − e.
        double up = double.NegativeInfinity, low = double.PositiveInfinity;
        for (int i = 0; i < 70; i++)
        {
            double g = -1;
            for (int j = 0; j < 70; j++) g += q[i * 70 + j] / c * alpha[j];
            double v = -y[i] * g;
            if (y[i] > 0 ? alpha[i] < c : alpha[i] > 0) up = Math.Max(up, v);
            if (y[i] > 0 ? alpha[i] > 0 : alpha[i] < c) low = Math.Min(low, v);
        }
        Assert.True(up - low < 1e-3 / 4, $"violation {up - low}");
    }

    [Fact]
    public void Dense_cholesky_solves_a_random_SPD_system()
    {
        const int n = 203; // not a multiple of the block or tile sizes
        var random = new Random(5);
        var g = new double[n * n];
        for (int i = 0; i < g.Length; i++) g[i] = SvmTestProblems.Normal(random);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = i == j ? n : 0;
                for (int p = 0; p < n; p++) sum += g[i * n + p] * g[j * n + p];
                a[i * n + j] = sum;
            }
        double[] x = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        var b = new double[n];
        DenseCholesky.Multiply(a, n, x, b);
        var factor = (double[])a.Clone();
        Assert.True(DenseCholesky.TryFactor(factor, n));
        DenseCholesky.Solve(factor, n, b);
        for (int i = 0; i < n; i++) Assert.Equal(x[i], b[i], 10);

        var indefinite = (double[])a.Clone();
        indefinite[7 * n + 7] = -1;
        Assert.False(DenseCholesky.TryFactor(indefinite, n));

        // Blocks of 13 columns: many blocks (trailing updates from k0 > 0) and tiles whose 13 columns end in a remainder
        // shorter than a SIMD vector. L checked entry by entry against the textbook column-by-column Cholesky.
        foreach (int block in new[] { 13, 7, 1 })
        {
            var blocked = (double[])a.Clone();
            Assert.True(DenseCholesky.TryFactor(blocked, n, block));
            var l = new double[n * n];
            for (int j = 0; j < n; j++)
            {
                double d = a[j * n + j];
                for (int p = 0; p < j; p++) d -= l[j * n + p] * l[j * n + p];
                l[j * n + j] = Math.Sqrt(d);
                for (int i = j + 1; i < n; i++)
                {
                    double v = a[i * n + j];
                    for (int p = 0; p < j; p++) v -= l[i * n + p] * l[j * n + p];
                    l[i * n + j] = v / l[j * n + j];
                }
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    Assert.True(Math.Abs(l[i * n + j] - blocked[i * n + j]) <= 1e-9 * (1 + Math.Abs(l[i * n + j])), $"block {block}: L[{i},{j}] {blocked[i * n + j]:R}, textbook {l[i * n + j]:R}");
        }
    }
}
