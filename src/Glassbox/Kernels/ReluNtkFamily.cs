using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The exact ReLU kernel family of the UCI paper (Arora et al., ICLR 2020), every (L, f) with
/// L &lt; maxDepth from one pass over the layers. With Σ⁰(x,x') = x·x' and, for h ≥ 0,
/// ρ = Σʰ(x,x')/√(Σʰ(x,x)Σʰ(x',x')), θ = arccos ρ,
/// Σʰ⁺¹ = √(Σʰ(x,x)Σʰ(x',x'))·(ρ(π−θ) + √(1−ρ²))/(2π), Σ̇ʰ⁺¹ = (π−θ)/(2π):
/// K[L][f] = Σ_{h=f..L} Σʰ·Π_{h'=h+1..L} Σ̇ʰ' (f = 0 the NTK, f = L the NNGP).
/// It equals <see cref="FullyConnected.Relu"/>(L, f, <see cref="KernelScale.Paper"/>) and is
/// computed by the recurrence A_f ← A_f·Σ̇ʰ + Σʰ (f &lt; h), A_h = Σʰ.
/// </summary>
public static class ReluNtkFamily
{
    /// <summary>Index of (L, f) in the flat list of kernels: L(L+1)/2 + f.</summary>
    public static int Index(int depth, int fix) => depth * (depth + 1) / 2 + fix;

    /// <summary>How many (L, f) pairs there are below <paramref name="maxDepth"/>.</summary>
    public static int Count(int maxDepth) => maxDepth * (maxDepth + 1) / 2;

    /// <summary>All K[L][f] for L &lt; maxDepth, f ≤ L, each an n1×n2 row-major array; index with <see cref="Index"/>.</summary>
    public static double[][] Compute(int maxDepth, double[,] x1, double[,]? x2 = null, IProgress<double>? progress = null) =>
        Compute(maxDepth, ToMatrix(x1), x2 is null ? null : ToMatrix(x2), progress);

    static Matrix ToMatrix(double[,] x)
    {
        var data = new double[x.Length];
        Buffer.BlockCopy(x, 0, data, 0, data.Length * sizeof(double));
        return new Matrix(x.GetLength(0), x.GetLength(1), data);
    }

    /// <summary>
    /// All K[L][f] of the rows of <paramref name="x1"/> (samples as rows) against <paramref name="x2"/>, or against themselves, by
    /// the fused SIMD engine (<see cref="FusedReluFamily"/>) on all cores (<paramref name="threads"/> ≤ 0) or that many.
    /// </summary>
    public static double[][] Compute(int maxDepth, Matrix x1, Matrix? x2 = null, IProgress<double>? progress = null, int threads = 0)
    {
        if (maxDepth < 1) throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "maxDepth must be ≥ 1");
        return FusedReluFamily.Compute(maxDepth, x1, x2, progress, threads);
    }

    /// <summary>The same by tensor operations over tiles (<see cref="Tile"/>): the engine before the fused one, kept as its reference.</summary>
    public static double[][] ComputeByTensors(int maxDepth, Matrix x1, Matrix? x2 = null, int tile = TiledKernel.DefaultTile,
        IProgress<double>? progress = null)
    {
        if (maxDepth < 1) throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "maxDepth must be ≥ 1");
        var sinks = Enumerable.Range(0, Count(maxDepth)).Select(_ => new ArrayKernelSink(x1.Rows, (x2 ?? x1).Rows)).ToArray();
        TiledKernel.ForEachTile(x1, x2, tile, progress, (a, b) => Tile(maxDepth, a, b),
            (k, r0, c0, rows, cols, values) => sinks[k].Write(r0, c0, rows, cols, values));
        return sinks.Select(s => s.Data).ToArray();
    }

    /// <summary>One tile: the list of K[L][f] tensors in <see cref="Index"/> order.</summary>
    public static Tensor[] Tile(int maxDepth, Tensor x1, Tensor x2)
    {
        var outputs = new Tensor[Count(maxDepth)];
        KernelState state = KernelState.FromInputs(x1, x2);
        var accumulators = new List<Tensor> { state.Nngp };
        outputs[Index(0, 0)] = state.Nngp;
        for (int h = 1; h < maxDepth; h++)
        {
            var (sigma, sigmaDot) = ReluMoments.Of(state);
            for (int f = 0; f < h; f++)
                accumulators[f] = accumulators[f].mul(sigmaDot).add_(sigma);
            accumulators.Add(sigma);
            for (int f = 0; f <= h; f++) outputs[Index(h, f)] = accumulators[f];
            state = new KernelState(sigma, state.Ntk, KernelState.ReluVariance(state.Var1), KernelState.ReluVariance(state.Var2));
        }
        return outputs;
    }
}
