using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class SvmKnownCasesTests
{
    static KernelMatrix Linear1D(double[] x)
    {
        int n = x.Length;
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i * n + j] = x[i] * x[j];
        return new KernelMatrix(k, n);
    }

    [Fact]
    public void Two_points_give_the_hand_computed_max_margin_machine()
    {
        // x = 3 (label 0, y = +1) and x = 1 (label 1, y = −1), linear kernel: the separator is x = 2,
        // f(x) = x − 2, so w = 1 = α·3 − α·1 gives α = ½ for both, and ρ = −b = 2.
        KernelMatrix k = Linear1D(new[] { 3.0, 1.0 });
        SvmModel model = SvmClassifier.Fit(k, new[] { 0, 1 }, new[] { 0, 1 }, new SvmOptions(C: 10));
        BinaryMachine m = Assert.Single(model.Machines);
        Assert.Equal(new[] { 0, 1 }, m.SupportPositions);
        Assert.Equal(0.5, m.Coefficients[0], 12);
        Assert.Equal(-0.5, m.Coefficients[1], 12);
        Assert.Equal(2.0, m.Rho, 12);
        Assert.Equal(-2.0, model.Intercepts[0], 12);
        Assert.Equal(0, m.BoundedCount);
        double[,] dec = model.DecisionFunction(k, new[] { 0, 1 });
        Assert.Equal(1.0, dec[0, 0], 12); // on the margin: y·f = 1
        Assert.Equal(-1.0, dec[1, 0], 12);
        Assert.Equal(-0.5, m.Objective, 12); // ½αᵀQα − eᵀα = ½·1 − 1
    }

    [Fact]
    public void Two_points_with_a_small_C_are_both_bounded()
    {
        // With C < ½ both α sit at C; no free vector, so ρ is the midpoint of its bounds (0 here,
        // by symmetry of x = ±1).
        KernelMatrix k = Linear1D(new[] { 1.0, -1.0 });
        SvmModel model = SvmClassifier.Fit(k, new[] { 0, 1 }, new[] { 4, 9 }, new SvmOptions(C: 0.2));
        BinaryMachine m = Assert.Single(model.Machines);
        Assert.Equal((4, 9), (m.ClassA, m.ClassB));
        Assert.Equal(new[] { 0.2, -0.2 }, m.Coefficients);
        Assert.Equal(2, m.BoundedCount);
        Assert.Equal(0.0, m.Rho, 15);
    }

    [Fact]
    public void One_dimensional_separable_set_gives_the_max_margin_solution()
    {
        // Class 0 at {2, 3, 5}, class 1 at {−1, 0, 0.5}: the closest pair is 2 and 0.5, so the
        // separator is 1.25 and f(x) = (4/3)(x − 1.25); w = 4/3 = α·2 − α·0.5 gives α = 8/9 for both
        // support vectors, ρ = 5/3; every other point has margin > 1 and α = 0.
        double[] x = { 2, 3, 5, -1, 0, 0.5 };
        int[] labels = { 0, 0, 0, 1, 1, 1 };
        KernelMatrix k = Linear1D(x);
        int[] train = SvmTestProblems.Range(6);
        SvmModel model = SvmClassifier.Fit(k, train, labels, new SvmOptions(C: 100));
        BinaryMachine m = Assert.Single(model.Machines);
        Assert.Equal(new[] { 0, 5 }, m.SupportPositions);
        Assert.Equal(8.0 / 9, m.Coefficients[0], 6);
        Assert.Equal(-8.0 / 9, m.Coefficients[1], 6);
        Assert.Equal(5.0 / 3, m.Rho, 4);
        double[,] dec = model.DecisionFunction(k, train);
        for (int i = 0; i < 6; i++)
            Assert.Equal(4.0 / 3 * (x[i] - 1.25), dec[i, 0], 3);
        Assert.Equal(labels, model.Predict(k, train));
        SvmTestProblems.AssertOptimal(model, k, train, labels);
    }

    [Fact]
    public void Vote_ties_go_to_the_first_class_and_a_zero_decision_votes_for_the_second()
    {
        KernelMatrix k = Linear1D(new[] { 1.0, 2.0, 3.0 });
        SvmModel model = SvmClassifier.Fit(k, new[] { 0, 1, 2 }, new[] { 10, 20, 30 });
        // Pairs (10,20), (10,30), (20,30).
        var cyclic = new double[,] { { 1, -1, 1 }, { -1, 1, -1 } }; // one vote each: the first class wins
        Assert.Equal(new[] { 10, 10 }, model.Vote(cyclic));
        var zeros = new double[,] { { 0, 0, 0 } }; // dec ≤ 0 votes j: 20 gets one, 30 gets two
        Assert.Equal(new[] { 30 }, model.Vote(zeros));
        var twoWay = new double[,] { { -1, 1, 1 } }; // 20 from (10,20), 10 from (10,30), 20 from (20,30)
        Assert.Equal(new[] { 20 }, model.Vote(twoWay));
    }

    // 18 points with small integer coordinates, three overlapping classes with unsorted labels.
    static readonly double[,] Points =
    {
        { 0, 0 }, { 1, 0 }, { 0, 1 }, { 2, 1 }, { 1, 2 }, { 3, 3 }, { 4, 3 }, { 3, 4 }, { 2, 2 }, { 5, 5 },
        { 0, 4 }, { 1, 5 }, { 0, 3 }, { 2, 4 }, { 4, 0 }, { 5, 1 }, { 4, 1 }, { 1, 1 },
    };

    static readonly int[] PointLabels = { 3, 3, 3, 3, 5, 5, 5, 5, 3, 5, 7, 7, 7, 5, 7, 7, 3, 7 };

    static KernelMatrix PointsKernel(Func<double, double, double, double, double> kernel)
    {
        int n = Points.GetLength(0);
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i * n + j] = kernel(Points[i, 0], Points[i, 1], Points[j, 0], Points[j, 1]);
        return new KernelMatrix(k, n);
    }

    [Fact]
    public void Matches_scikit_learn_on_a_linear_kernel()
    {
        // Expected values from scikit-learn 1.2.1 (Debian python3-sklearn, its bundled LIBSVM):
        // SVC(kernel="precomputed", C=1.0).fit(X @ X.T, y) on the points above — an independent computation.
        KernelMatrix k = PointsKernel((a, b, c, d) => a * c + b * d);
        int[] train = SvmTestProblems.Range(18);
        SvmModel model = SvmClassifier.Fit(k, train, PointLabels, new SvmOptions(C: 1.0));
        Assert.Equal(new[] { 3, 5, 7 }, model.Classes);
        Assert.Equal(new[] { 2, 3, 8, 16, 4, 5, 6, 13, 10, 11, 12, 14, 15, 17 }, model.Support);
        Assert.Equal(new[] { 4, 4, 6 }, model.SupportCounts);
        Assert.Equal(new long[] { 3, 26, 26 }, model.Machines.Select(m => m.Iterations));
        double[][] expectedCoef =
        {
            new[] { 0.25, 0.0, 1.0, 0.25, -1.0, -0.0, -0.5, -0.0, -0.22222222222222232, -0.0, -1.0, -1.0, -0.68, -1.0 },
            new[] { 0.9022222222222225, 1.0, 1.0, 1.0, 1.0, 1.0, 0.6805555555555556, 1.0, -1.0, -1.0, -0.125, -0.5555555555555556, -1.0, -0.0 },
        };
        AssertClose(expectedCoef, model.DualCoefficients(), 1e-12);
        AssertClose(new[] { 2.0, 1.6666666666666667, -2.9999999999999996 }, model.Intercepts.ToArray(), 1e-12);
        Assert.Equal(new[] { 3, 3, 3, 3, 7, 5, 5, 5, 7, 5, 7, 5, 7, 5, 3, 3, 7, 3 }, model.Predict(k, train));
    }

    [Fact]
    public void Matches_scikit_learn_on_a_gaussian_kernel_at_large_C()
    {
        // scikit-learn 1.2.1: SVC(kernel="precomputed", C=100).fit(exp(−0.5‖x − x′‖²), y).
        KernelMatrix k = PointsKernel((a, b, c, d) => Math.Exp(-0.5 * ((a - c) * (a - c) + (b - d) * (b - d))));
        int[] train = SvmTestProblems.Range(18);
        SvmModel model = SvmClassifier.Fit(k, train, PointLabels, new SvmOptions(C: 100));
        Assert.Equal(new[] { 1, 2, 3, 8, 16, 4, 5, 6, 9, 13, 10, 11, 12, 14, 15, 17 }, model.Support);
        Assert.Equal(new[] { 5, 5, 6 }, model.SupportCounts);
        Assert.Equal(new long[] { 26, 36, 25 }, model.Machines.Select(m => m.Iterations));
        double[][] expectedCoef =
        {
            new[] { 0.5184644987722589, 1.985079744317483, 0.0, 3.93227807399769, 0.9115303844909881, -3.957584828761095, -1.9110595888918476, -0.10913518258348953, -0.9144909645141334, -0.4550821368278552, -0.11563182159855534, -0.9532258044612837, -1.0363194301117529, -2.5588155948763647, -2.242808766240512, -7.220111334089895 },
            new[] { 2.7174314892860663, 3.9651178582324094, 2.8421547114836074, 1.1849325252392067, 3.4172761671370733, 3.4322540661110907, 0.0, 1.039362270896207, 1.1093849453123503, 1.4473277063048013, -0.0, -1.2161102086264992, -1.8539515851845163, -0.5435139152627854, -0.6819152065870216, -2.7328380729636264 },
        };
        AssertClose(expectedCoef, model.DualCoefficients(), 1e-9);
        AssertClose(new[] { -0.038992040413542955, 0.07354897108634305, -0.20376970148443482 }, model.Intercepts.ToArray(), 1e-9);
        Assert.Equal(new[] { 3, 3, 3, 3, 5, 5, 5, 5, 3, 5, 7, 7, 7, 5, 7, 7, 3, 7 }, model.Predict(k, train));
        SvmTestProblems.AssertOptimal(model, k, train, PointLabels);
    }

    [Fact]
    public void Cross_kernel_prediction_equals_full_kernel_prediction()
    {
        var (k, labels, _) = SvmTestProblems.Blobs(40, 3, seed: 11);
        int[] train = Enumerable.Range(0, 40).Where(i => i % 4 != 0).ToArray();
        int[] test = Enumerable.Range(0, 40).Where(i => i % 4 == 0).ToArray();
        SvmModel model = SvmClassifier.Fit(k, train, train.Select(i => labels[i]).ToArray(), new SvmOptions(C: 3));
        var cross = new double[test.Length * train.Length];
        for (int r = 0; r < test.Length; r++)
            for (int t = 0; t < train.Length; t++) cross[r * train.Length + t] = k[test[r], train[t]];
        Assert.Equal(model.DecisionFunction(k, test), model.DecisionFunctionFromCrossKernel(cross, test.Length));
        Assert.Equal(model.Predict(k, test), model.PredictFromCrossKernel(cross, test.Length));
    }

    static void AssertClose(double[][] expected, double[][] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], tolerance);
    }

    static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
