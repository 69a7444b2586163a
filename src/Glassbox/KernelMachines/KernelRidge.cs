using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.KernelMachines;

/// <summary>
/// Kernel ridge regression on one-hot class targets: A = (K_train + λI)⁻¹Y by a float64 Cholesky
/// factorisation, scores K(x, train)·A, prediction the arg-max class. Centring the targets (the
/// paper's code subtracts 1/k) shifts every class score of a row by the same amount, so the
/// predictions are the same.
/// </summary>
public static class KernelRidge
{
    /// <summary>Jitters tried, relative to the mean diagonal, when K + λI does not factor.</summary>
    static readonly double[] RelativeJitters = { 0, 1e-12, 1e-10, 1e-8, 1e-6 };

    /// <summary>Fits on kernel rows <paramref name="train"/> with one label per training row.</summary>
    /// <param name="lambda">The ridge λ ≥ 0; 0 interpolates when K_train is positive definite.</param>
    /// <exception cref="ArgumentException">Bad shapes or labels, λ &lt; 0, or K + λI not positive definite even with jitter.</exception>
    public static KernelRidgeModel Fit(KernelMatrix kernel, ReadOnlySpan<int> train, ReadOnlySpan<int> labels, double lambda)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (train.Length == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (labels.Length != train.Length)
            throw new ArgumentException(
                $"Got {labels.Length} labels for {train.Length} training rows; give one label per training row.", nameof(labels));
        if (!(lambda >= 0) || !double.IsFinite(lambda))
            throw new ArgumentException($"λ must be a finite number ≥ 0, got {lambda}.", nameof(lambda));
        kernel.CheckIndices(train, nameof(train));

        int[] classes = labels.ToArray().Distinct().Order().ToArray();
        int n = train.Length, k = classes.Length;
        var block = new double[(long)n * n];
        double[] values = kernel.Values;
        double meanDiag = 0;
        for (int i = 0; i < n; i++)
        {
            long row = (long)train[i] * kernel.Size;
            for (int j = 0; j < n; j++) block[(long)i * n + j] = values[row + train[j]];
            meanDiag += block[(long)i * n + i] / n;
        }
        var targets = new double[(long)n * k];
        for (int i = 0; i < n; i++) targets[(long)i * k + Array.BinarySearch(classes, labels[i])] = 1.0;

        using var scope = NewDisposeScope();
        Tensor kt = tensor(block, new long[] { n, n }, ScalarType.Float64);
        Tensor y = tensor(targets, new long[] { n, k }, ScalarType.Float64);
        Tensor eye = torch.eye(n, dtype: ScalarType.Float64);
        double scale = Math.Max(Math.Abs(meanDiag), double.Epsilon);
        foreach (double relative in RelativeJitters)
        {
            double jitter = relative * scale;
            var (factor, info) = linalg.cholesky_ex(kt + (lambda + jitter) * eye);
            if (info.item<int>() != 0) continue;
            double[] coefficients = cholesky_solve(y, factor).contiguous().data<double>().ToArray();
            if (coefficients.Any(v => !double.IsFinite(v))) continue;
            return new KernelRidgeModel(lambda, jitter, classes, train.ToArray(), coefficients);
        }
        throw new ArgumentException(
            $"K_train + λI (λ = {lambda}, {n} rows) is not positive definite, even with a jitter of " +
            $"{RelativeJitters[^1]:g} × the mean diagonal ({RelativeJitters[^1] * scale:g3}); is the kernel positive semi-definite?",
            nameof(kernel));
    }
}
