using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class KernelRidgeTests
{
    /// <summary>Solves A X = B by Gaussian elimination with partial pivoting: a method independent of Cholesky.</summary>
    static double[,] Solve(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        var aa = (double[,])a.Clone();
        var x = (double[,])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(aa[r, col]) > Math.Abs(aa[pivot, col])) pivot = r;
            for (int c = 0; c < n; c++) (aa[col, c], aa[pivot, c]) = (aa[pivot, c], aa[col, c]);
            for (int c = 0; c < m; c++) (x[col, c], x[pivot, c]) = (x[pivot, c], x[col, c]);
            for (int r = col + 1; r < n; r++)
            {
                double f = aa[r, col] / aa[col, col];
                for (int c = col; c < n; c++) aa[r, c] -= f * aa[col, c];
                for (int c = 0; c < m; c++) x[r, c] -= f * x[col, c];
            }
        }
        for (int row = n - 1; row >= 0; row--)
            for (int c = 0; c < m; c++)
            {
                double s = x[row, c];
                for (int k = row + 1; k < n; k++) s -= aa[row, k] * x[k, c];
                x[row, c] = s / aa[row, row];
            }
        return x;
    }

    [Fact]
    public void Coefficients_and_scores_equal_a_direct_solve()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(50, 3, seed: 4);
        int[] train = Enumerable.Range(0, 50).Where(i => i % 5 != 0).ToArray();
        int[] test = Enumerable.Range(0, 50).Where(i => i % 5 == 0).ToArray();
        int[] trainLabels = train.Select(i => labels[i]).ToArray();
        const double lambda = 0.1;
        KernelRidgeModel model = KernelRidge.Fit(k, train, trainLabels, lambda);
        Assert.Equal(0.0, model.Jitter);

        int n = train.Length;
        var a = new double[n, n];
        var y = new double[n, 3];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) a[i, j] = k[train[i], train[j]] + (i == j ? lambda : 0);
            y[i, trainLabels[i]] = 1;
        }
        double[,] expected = Solve(a, y);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected[i, c], model.Coefficients[i * 3 + c], 1e-10);

        double[,] scores = model.Scores(k, test);
        for (int r = 0; r < test.Length; r++)
        {
            int best = 0;
            for (int c = 0; c < 3; c++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += k[test[r], train[i]] * expected[i, c];
                Assert.Equal(s, scores[r, c], 1e-10);
                if (s > scores[r, best]) best = c;
            }
            Assert.Equal(best, model.Predict(k, test)[r]);
        }
    }

    [Fact]
    public void Lambda_zero_interpolates_the_one_hot_targets()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(40, 4, seed: 6, gamma: 2.0);
        int[] rows = SvmTestProblems.Range(40);
        int[] shifted = labels.Select(c => 10 * c + 5).ToArray();
        KernelRidgeModel model = KernelRidge.Fit(k, rows, shifted, lambda: 0);
        Assert.Equal(new[] { 5, 15, 25, 35 }, model.Classes);
        double[,] scores = model.Scores(k, rows);
        for (int i = 0; i < 40; i++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(labels[i] == c ? 1.0 : 0.0, scores[i, c], 1e-8);
        Assert.Equal(shifted, model.Predict(k, rows));
    }

    [Fact]
    public void Cross_kernel_scores_equal_full_kernel_scores()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(30, 2, seed: 8);
        int[] train = Enumerable.Range(0, 20).ToArray();
        int[] test = Enumerable.Range(20, 10).ToArray();
        KernelRidgeModel model = KernelRidge.Fit(k, train, train.Select(i => labels[i]).ToArray(), 0.5);
        double[] cross = test.SelectMany(r => train.Select(t => k[r, t])).ToArray();
        Assert.Equal(model.Scores(k, test), model.ScoresFromCrossKernel(cross, test.Length));
        Assert.Equal(model.Predict(k, test), model.PredictFromCrossKernel(cross, test.Length));
    }

    [Fact]
    public void A_singular_kernel_gets_a_jitter_and_an_indefinite_one_a_clear_error()
    {
        // Two identical rows: K is singular, λ = 0 fails, a tiny jitter succeeds.
        var singular = new KernelMatrix(new double[] { 1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1 }, 3);
        KernelRidgeModel model = KernelRidge.Fit(singular, new[] { 0, 1, 2 }, new[] { 0, 0, 1 }, 0);
        Assert.True(model.Jitter > 0 && model.Jitter <= 1e-6);

        var indefinite = new KernelMatrix(new double[] { 1, 2, 2, 1 }, 2);
        var e = Assert.Throws<ArgumentException>(() => KernelRidge.Fit(indefinite, new[] { 0, 1 }, new[] { 0, 1 }, 0.1));
        Assert.Contains("not positive definite", e.Message);
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        var k = new KernelMatrix(new double[] { 1, 0, 0, 1 }, 2);
        Assert.Throws<ArgumentException>(() => KernelRidge.Fit(k, new[] { 0, 1 }, new[] { 0 }, 1));
        Assert.Throws<ArgumentException>(() => KernelRidge.Fit(k, new[] { 0, 1 }, new[] { 0, 1 }, -1));
        Assert.Throws<ArgumentException>(() => KernelRidge.Fit(k, new[] { 0, 2 }, new[] { 0, 1 }, 1));
        Assert.Throws<ArgumentException>(() => KernelRidge.Fit(k, Array.Empty<int>(), Array.Empty<int>(), 1));
    }
}
