using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// The synthetic family of Arora, Cohen, Hu and Luo (NeurIPS 2019): W* = U Vᵀ with U, V n×r of
/// i.i.d. N(0, 1) entries, rescaled so ‖W*‖_F = n; k positions observed, drawn uniformly without
/// replacement. All draws come from one generator seeded by <c>seed</c>.
/// </summary>
public static class LowRankProblem
{
    public static CompletionProblem Generate(int n, int rank, int observations, long seed)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "The matrix size n must be at least 1.");
        if (rank < 1 || rank > n)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The rank must be between 1 and n = {n}.");
        if (observations < 1 || observations > (long)n * n)
            throw new ArgumentOutOfRangeException(nameof(observations), observations,
                $"The number of observed entries must be between 1 and n² = {(long)n * n}.");

        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        Tensor u = randn(n, rank, dtype: float64, generator: generator);
        Tensor v = randn(n, rank, dtype: float64, generator: generator);
        Tensor w = u.mm(v.t());
        using (Scalar target = (double)n) w = w.mul(target).div(w.norm());
        double[] truth = w.contiguous().data<double>().ToArray();

        long[] positions = randperm((long)n * n, generator: generator).narrow(0, 0, observations).data<long>().ToArray();
        int[] rows = positions.Select(p => (int)(p / n)).ToArray();
        int[] cols = positions.Select(p => (int)(p % n)).ToArray();
        double[] values = positions.Select(p => truth[p]).ToArray();
        var train = new Observations(n, n, rows, cols, values);
        return new CompletionProblem($"lowrank-n{n}-r{rank}-k{observations}-s{seed}", train, new Matrix(n, n, truth));
    }
}
