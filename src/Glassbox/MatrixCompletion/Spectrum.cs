using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>Singular values and the effective rank of a matrix.</summary>
public static class Spectrum
{
    /// <summary>All singular values of a float64 matrix, largest first.</summary>
    public static double[] SingularValues(Tensor matrix)
    {
        using var values = linalg.svdvals(matrix);
        return values.data<double>().ToArray();
    }

    /// <summary>
    /// exp of the entropy of p = σ/Σσ (Roy and Vetterli, 2007): r for r equal non-zero singular
    /// values, 1 for a rank-one matrix, and 0 by convention for the zero matrix.
    /// </summary>
    public static double EffectiveRank(IReadOnlyList<double> singularValues)
    {
        double total = singularValues.Sum();
        if (!(total > 0)) return 0;
        double entropy = 0;
        foreach (double s in singularValues)
        {
            double p = s / total;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        return Math.Exp(entropy);
    }
}
