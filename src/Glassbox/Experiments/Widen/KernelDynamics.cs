using MathNet.Numerics.LinearAlgebra;

namespace Glassbox.Experiments.Widen;

/// <summary>
/// What an infinitely wide net trained on ½‖f(X) − Y‖² predicts, from its exact tangent kernel Θ, starting from f₀ = 0.
/// Gradient descent with step η moves the training outputs by u ← u − ηΘ(u − Y), so after k steps
/// f_k(x) = Θ(x, X) Θ⁻¹ (I − (I − ηΘ)^k) Y (<see cref="PredictAfter"/>: the linearised net, exactly, whatever η);
/// gradient flow, the theorem's η → 0, gives f_t(x) = Θ(x, X) Θ⁻¹ (I − e^{−Θt}) Y at t = ηk (<see cref="PredictAt"/>); and as
/// t → ∞ both reach kernel regression Θ(x, X) Θ⁻¹ Y. The two differ where ηλ is not small — at η = 0.5/λ_max by 8% of f after
/// three steps on ionosphere, 1e-4 after hundreds. Computed in the eigenbasis of the training Gram matrix Θ = QΛQᵀ, with
/// (1 − e^{−λt})/λ = −expm1(−λt)/λ and (1 − (1 − ηλ)^k)/λ = −expm1(k·log1p(−ηλ))/λ, so nearly flat directions lose no digits.
/// </summary>
public sealed class KernelDynamics
{
    readonly Matrix<double> crossTimesQ;   // Θ(test, X) Q, m × n
    readonly Vector<double> rotatedTargets; // Qᵀ Y
    readonly Vector<double> eigenvalues;

    /// <param name="trainGram">Θ(X, X), row-major n × n, symmetric positive definite.</param>
    /// <param name="testTrain">Θ(x, X) for the m test inputs, row-major m × n.</param>
    /// <param name="targets">Y, n values.</param>
    public KernelDynamics(double[] trainGram, double[] testTrain, double[] targets)
    {
        int n = targets.Length;
        if (trainGram.Length != n * n) throw new ArgumentException($"the training Gram matrix has {trainGram.Length} entries, expected {n}² for {n} targets");
        if (testTrain.Length % n != 0) throw new ArgumentException($"the test×train kernel has {testTrain.Length} entries, not a multiple of {n}");
        var gram = Matrix<double>.Build.Dense(n, n, (i, j) => trainGram[i * n + j]);
        var eigen = gram.Evd(Symmetricity.Symmetric);
        eigenvalues = eigen.EigenValues.Map(z => z.Real);
        // Below n·ε·λ_max an eigenvalue is rounding noise of the decomposition, and Θ⁻¹ would amplify it.
        if (eigenvalues.Minimum() <= n * 2.220446049250313e-16 * eigenvalues.Maximum())
            throw new ArgumentException($"the training Gram matrix is not positive definite to working precision (eigenvalues {eigenvalues.Minimum():g3} to {eigenvalues.Maximum():g3}); are two training inputs equal?");
        int m = testTrain.Length / n;
        crossTimesQ = Matrix<double>.Build.Dense(m, n, (i, j) => testTrain[i * n + j]) * eigen.EigenVectors;
        rotatedTargets = eigen.EigenVectors.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(targets));
    }

    /// <summary>Largest eigenvalue of Θ(X, X): gradient descent with step η is stable for η &lt; 2/λ_max.</summary>
    public double LargestEigenvalue => eigenvalues.Maximum();

    /// <summary>f_t on the test inputs at time <paramref name="time"/> = η·steps.</summary>
    public double[] PredictAt(double time)
    {
        if (time < 0 || double.IsNaN(time)) throw new ArgumentOutOfRangeException(nameof(time), time, "time must be ≥ 0");
        return Predict(lambda => -ExpM1(-lambda * time) / lambda);
    }

    /// <summary>log(1 + x) to a few ulps near 0 (Kahan's trick; Math.Log(1 + x) loses the digits of x that 1 + x rounds away).</summary>
    internal static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x − 1 to a few ulps near 0 (Kahan's trick; .NET's double.ExpM1 computes Exp(x) − 1 and loses the digits).</summary>
    internal static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }

    /// <summary>f_k on the test inputs after <paramref name="steps"/> steps of gradient descent with step <paramref name="eta"/> (stable for ηλ_max &lt; 2).</summary>
    public double[] PredictAfter(double eta, int steps)
    {
        if (!(eta > 0) || eta * LargestEigenvalue >= 2) throw new ArgumentOutOfRangeException(nameof(eta), eta, $"the step must be in (0, 2/λ_max = {2 / LargestEigenvalue:g4})");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return Predict(lambda =>
        {
            double x = eta * lambda;
            // Near 0 the power is exp(k·log1p(−x)), summed without cancellation; past 0.5 the base is far from 1 (and may be negative).
            return (x <= 0.5 ? -ExpM1(steps * Log1P(-x)) : 1 - Math.Pow(1 - x, steps)) / lambda;
        });
    }

    /// <summary>Kernel regression, the limit t → ∞.</summary>
    public double[] Regression() => Predict(lambda => 1 / lambda);

    double[] Predict(Func<double, double> filter)
    {
        var weights = Vector<double>.Build.Dense(rotatedTargets.Count, k => filter(eigenvalues[k]) * rotatedTargets[k]);
        return (crossTimesQ * weights).ToArray();
    }
}
