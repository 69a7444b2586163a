using Glassbox.Experiments.Widen;
using MathNet.Numerics.LinearAlgebra;

namespace Glassbox.Tests.Experiments.Widen;

/// <summary>The kernel's predictions over time against an independent computation: the linear ODE u′ = −Θ(u − Y),
/// f′ = −Θ(x, X)(u − Y) integrated by classical Runge–Kutta with small steps, and kernel regression by a direct solve.</summary>
public sealed class KernelDynamicsTests
{
    // A positive definite 4×4 Gram matrix (B Bᵀ + 0.3 I) with a spread of eigenvalues, two test rows and targets.
    static readonly double[] B = [1.0, 0.2, -0.5, 0.3, 0.9, 0.1, -0.4, 0.6, 1.2, 0.8, -0.7, 0.05];
    static readonly double[] Cross = [0.7, -0.2, 0.4, 1.1, -0.3, 0.5, 0.9, 0.2];
    static readonly double[] Y = [1, -1, 1, -1];

    static double[] Gram()
    {
        var b = Matrix<double>.Build.DenseOfRowMajor(4, 3, B);
        return (b * b.Transpose() + 0.3 * Matrix<double>.Build.DenseIdentity(4)).ToRowMajorArray();
    }

    static double[] Integrate(double[] gram, double[] cross, double[] y, double time, int steps)
    {
        var theta = Matrix<double>.Build.DenseOfRowMajor(4, 4, gram);
        var star = Matrix<double>.Build.DenseOfRowMajor(2, 4, cross);
        var target = Vector<double>.Build.DenseOfArray(y);
        var u = Vector<double>.Build.Dense(4);
        var f = Vector<double>.Build.Dense(2);
        double h = time / steps;
        for (int s = 0; s < steps; s++)
        {
            // f depends on u only, so integrate u with RK4 and f with the same stages.
            Vector<double> k1 = -(theta * (u - target)), l1 = -(star * (u - target));
            Vector<double> k2 = -(theta * (u + h / 2 * k1 - target)), l2 = -(star * (u + h / 2 * k1 - target));
            Vector<double> k3 = -(theta * (u + h / 2 * k2 - target)), l3 = -(star * (u + h / 2 * k2 - target));
            Vector<double> k4 = -(theta * (u + h * k3 - target)), l4 = -(star * (u + h * k3 - target));
            u += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            f += h / 6 * (l1 + 2 * l2 + 2 * l3 + l4);
        }
        return f.ToArray();
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Predictions_at_time_t_follow_the_gradient_flow(double time)
    {
        double[] gram = Gram();
        var dynamics = new KernelDynamics(gram, Cross, Y);
        double[] expected = Integrate(gram, Cross, Y, time, steps: 20_000);
        double[] actual = dynamics.PredictAt(time);
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], actual[i], 1e-10);
        Assert.NotEqual(0, Math.Abs(expected[0]) + Math.Abs(expected[1]), 3);
    }

    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.5, 7)]
    [InlineData(1.5, 40)] // ηλ_max = 1.5: the top direction's factor 1 − ηλ is negative and alternates
    public void Predictions_after_k_steps_follow_gradient_descent_step_by_step(double etaTimesLambdaMax, int steps)
    {
        double[] gram = Gram();
        var dynamics = new KernelDynamics(gram, Cross, Y);
        double eta = etaTimesLambdaMax / dynamics.LargestEigenvalue;
        var theta = Matrix<double>.Build.DenseOfRowMajor(4, 4, gram);
        var star = Matrix<double>.Build.DenseOfRowMajor(2, 4, Cross);
        var target = Vector<double>.Build.DenseOfArray(Y);
        var u = Vector<double>.Build.Dense(4);
        var f = Vector<double>.Build.Dense(2);
        for (int k = 0; k < steps; k++)
        {
            // One step of gradient descent on the linear model: both move by −η·Θ(·, X)(u − Y).
            Vector<double> residual = u - target;
            f -= eta * (star * residual);
            u -= eta * (theta * residual);
        }
        double[] actual = dynamics.PredictAfter(eta, steps);
        for (int i = 0; i < 2; i++) Assert.Equal(f[i], actual[i], 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.PredictAfter(2.0 / dynamics.LargestEigenvalue, 1));
    }

    [Fact]
    public void Log1p_keeps_the_digits_of_a_tiny_argument()
    {
        foreach (double x in new[] { -1e-300, -1e-17, -3e-9, -1e-5, -0.3, -0.5, 1e-10, 0.5 })
        {
            double series = 0, term = -1;
            for (int k = 1; k < 200; k++) { term *= -x; series += term / k; } // log(1 + x) = Σ (−1)^{k+1} x^k / k
            Assert.Equal(series, KernelDynamics.Log1P(x), Math.Abs(series) * 2e-15); // Math.Log(1 + x) is off by ~1e-8 at x = −3e-9
        }
    }

    [Fact]
    public void The_limit_is_kernel_regression_and_time_zero_predicts_zero()
    {
        double[] gram = Gram();
        var dynamics = new KernelDynamics(gram, Cross, Y);
        var alpha = Matrix<double>.Build.DenseOfRowMajor(4, 4, gram).Solve(Vector<double>.Build.DenseOfArray(Y));
        double[] expected = (Matrix<double>.Build.DenseOfRowMajor(2, 4, Cross) * alpha).ToArray();
        double[] regression = dynamics.Regression();
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], regression[i], 1e-10);
        for (int i = 0; i < 2; i++) Assert.Equal(expected[i], dynamics.PredictAt(1e4)[i], 1e-8); // e^{−λt} is 0 for every λ here
        Assert.All(dynamics.PredictAt(0), v => Assert.Equal(0, v));
        double lambdaMax = Matrix<double>.Build.DenseOfRowMajor(4, 4, gram).Evd().EigenValues.Max(z => z.Real);
        Assert.Equal(lambdaMax, dynamics.LargestEigenvalue, 1e-10);
    }

    [Fact]
    public void A_nearly_flat_direction_grows_like_t_without_cancellation()
    {
        // Θ = [1e-14]: (1 − e^{−λt})/λ = t(1 − λt/2 + …) = 2 − 2e-14; computed as (1 − exp(−λt))/λ it is 1.9984.
        var dynamics = new KernelDynamics([1e-14], [1], [1]);
        Assert.Equal(2.0, dynamics.PredictAt(2.0)[0], 1e-12);
        foreach (double x in new[] { -1e-300, -1e-17, -3e-9, -1e-5, -0.3, -2.0, -40.0, 1e-10, 0.5 })
            Assert.Equal(Expm1Series(x), KernelDynamics.ExpM1(x), Math.Abs(Expm1Series(x)) * 4e-16);
    }

    /// <summary>e^x − 1 by its Taylor series for |x| &lt; 1, by exp otherwise (no cancellation there).</summary>
    static double Expm1Series(double x)
    {
        if (Math.Abs(x) >= 1) return Math.Exp(x) - 1;
        double sum = 0, term = 1;
        for (int k = 1; k < 40; k++) { term *= x / k; sum += term; }
        return sum;
    }

    [Fact]
    public void A_singular_Gram_matrix_and_bad_shapes_are_refused()
    {
        var singular = Assert.Throws<ArgumentException>(() => new KernelDynamics([1, 1, 1, 1], [1, 1], [1, -1]));
        Assert.Contains("not positive definite", singular.Message);
        Assert.Throws<ArgumentException>(() => new KernelDynamics([1, 0, 0, -1e-3], [1, 1], [1, -1]));
        _ = new KernelDynamics([1, 0, 0, 1e-9], [1, 1], [1, -1]); // ill-conditioned but positive definite: accepted
        Assert.Throws<ArgumentException>(() => new KernelDynamics([1, 0, 0], [1, 1], [1, -1]));
        Assert.Throws<ArgumentException>(() => new KernelDynamics([1, 0, 0, 1], [1, 1, 1], [1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KernelDynamics([1, 0, 0, 1], [1, 1], [1, -1]).PredictAt(-1));
    }
}
