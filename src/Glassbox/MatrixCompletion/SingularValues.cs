using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// The two SVD operations the nuclear-norm solver needs, on row-major double[] matrices, done by
/// LibTorch in float64. Every tensor lives in a dispose scope, so native memory is freed per call.
/// </summary>
internal static class SingularValues
{
    /// <summary>The singular values of a, largest first.</summary>
    public static double[] Of(double[] a, int rows, int cols)
    {
        using var scope = NewDisposeScope();
        return Spectrum.SingularValues(tensor(a, new long[] { rows, cols }, ScalarType.Float64));
    }

    /// <summary>
    /// Writes into <paramref name="result"/> the singular value soft-thresholding of a at tau,
    /// U·diag(max(σ − tau, 0))·Vᵀ: the proximal operator of tau·‖·‖_*. Returns the rank kept.
    /// </summary>
    public static int Shrink(double[] a, int rows, int cols, double tau, double[] result)
    {
        using var scope = NewDisposeScope();
        Tensor t = tensor(a, new long[] { rows, cols }, ScalarType.Float64);
        var (u, s, vh) = linalg.svd(t, fullMatrices: false);
        double[] sigma = s.contiguous().data<double>().ToArray();
        int rank = 0;
        while (rank < sigma.Length && sigma[rank] > tau) rank++;
        if (rank == 0)
        {
            Array.Clear(result);
            return 0;
        }
        // The shrunk values go in as a tensor, not a Scalar subtraction: no implicit Scalars.
        var shrunk = new double[rank];
        for (int k = 0; k < rank; k++) shrunk[k] = sigma[k] - tau;
        Tensor scale = tensor(shrunk, new long[] { 1, rank }, ScalarType.Float64);
        Tensor x = u.narrow(1, 0, rank).mul(scale).mm(vh.narrow(0, 0, rank));
        x.contiguous().data<double>().CopyTo(result);
        return rank;
    }
}
