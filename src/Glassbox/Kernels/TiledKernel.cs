using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// Evaluates an architecture's kernel between the rows of X1 and X2 in square tiles, so memory
/// stays bounded by a few tiles whatever n is. With X2 omitted the matrix is symmetric and only
/// tiles on or above the diagonal are computed (each is also written mirrored).
/// </summary>
public static class TiledKernel
{
    public const int DefaultTile = 2048;

    /// <summary>The whole matrix in memory: n1×n2 row-major.</summary>
    public static double[] Compute(IKernelLayer architecture, KernelKind kind, double[,] x1, double[,]? x2 = null, int tile = DefaultTile)
    {
        var sink = new ArrayKernelSink(x1.GetLength(0), (x2 ?? x1).GetLength(0));
        Compute(architecture, kind, x1, x2, sink, tile);
        return sink.Data;
    }

    /// <summary>Streams the n1×n2 matrix into <paramref name="sink"/>; <paramref name="progress"/> gets the share done.</summary>
    public static void Compute(IKernelLayer architecture, KernelKind kind, double[,] x1, double[,]? x2, IKernelSink sink,
        int tile = DefaultTile, IProgress<double>? progress = null) =>
        ForEachTile(x1, x2, tile, progress, Evaluator(architecture, kind), Writer(sink));

    /// <summary>As above, for row-major matrices (rows are samples); X2 null means X1 with itself.</summary>
    public static void Compute(IKernelLayer architecture, KernelKind kind, Matrix x1, Matrix? x2, IKernelSink sink,
        int tile = DefaultTile, IProgress<double>? progress = null) =>
        ForEachTile(x1, x2, tile, progress, Evaluator(architecture, kind), Writer(sink));

    static Func<Tensor, Tensor, Tensor[]> Evaluator(IKernelLayer architecture, KernelKind kind) => (a, b) =>
    {
        KernelState state = architecture.Apply(KernelState.FromInputs(a, b));
        return new[] { kind == KernelKind.Ntk ? state.Ntk : state.Nngp };
    };

    static Action<int, int, int, int, int, ReadOnlySpan<double>> Writer(IKernelSink sink) =>
        (_, r0, c0, rows, cols, values) => sink.Write(r0, c0, rows, cols, values);

    /// <summary>
    /// The tiling loop shared by every kernel computation: <paramref name="evaluate"/> maps a tile's
    /// inputs to one or more [rows, cols] tensors (on a diagonal tile both inputs are the same tensor object); <paramref name="write"/> gets output k of each tile
    /// (and, for a symmetric matrix, of its mirror image below the diagonal).
    /// </summary>
    public static void ForEachTile(double[,] x1, double[,]? x2, int tile, IProgress<double>? progress,
        Func<Tensor, Tensor, Tensor[]> evaluate, Action<int, int, int, int, int, ReadOnlySpan<double>> write)
    {
        using var scope = NewDisposeScope();
        ForEachTile(tensor(x1), x2 is null ? null : tensor(x2), tile, progress, evaluate, write);
    }

    /// <summary>As above, for row-major matrices (rows are samples).</summary>
    public static void ForEachTile(Matrix x1, Matrix? x2, int tile, IProgress<double>? progress,
        Func<Tensor, Tensor, Tensor[]> evaluate, Action<int, int, int, int, int, ReadOnlySpan<double>> write)
    {
        using var scope = NewDisposeScope();
        ForEachTile(AsTensor(x1), x2 is null ? null : AsTensor(x2), tile, progress, evaluate, write);
    }

    /// <summary>A float64 [rows, cols] tensor holding a copy of the matrix.</summary>
    public static Tensor AsTensor(Matrix x) => tensor(x.Data, new long[] { x.Rows, x.Cols });

    /// <summary>The tensor's values, row-major, in the front of a reused buffer (no allocation per tile).</summary>
    static ReadOnlySpan<double> CopyOut(Tensor t, double[] buffer)
    {
        using Tensor c = t.contiguous();
        Span<double> span = buffer.AsSpan(0, (int)c.numel());
        c.data<double>().CopyTo(span);
        return span;
    }

    /// <summary>The loop itself, on [n, d] float64 tensors; <paramref name="x2"/> null means X2 = X1 (symmetric).</summary>
    public static void ForEachTile(Tensor x1, Tensor? x2, int tile, IProgress<double>? progress,
        Func<Tensor, Tensor, Tensor[]> evaluate, Action<int, int, int, int, int, ReadOnlySpan<double>> write)
    {
        if (tile < 1) throw new ArgumentOutOfRangeException(nameof(tile), tile, "tile must be ≥ 1");
        bool symmetric = x2 is null;
        Tensor a = x1, b = x2 ?? x1;
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException($"X1 has {a.shape[1]} columns but X2 has {b.shape[1]}");
        int n1 = (int)a.shape[0], n2 = (int)b.shape[0];
        var buffer = new double[(long)Math.Min(tile, n1) * Math.Min(tile, n2)];
        var blocks = new List<(int R0, int C0)>();
        for (int r0 = 0; r0 < n1; r0 += tile)
            for (int c0 = symmetric ? r0 : 0; c0 < n2; c0 += tile)
                blocks.Add((r0, c0));

        for (int k = 0; k < blocks.Count; k++)
        {
            var (r0, c0) = blocks[k];
            int rows = Math.Min(tile, n1 - r0), cols = Math.Min(tile, n2 - c0);
            using var scope = NewDisposeScope();
            Tensor left = a.narrow(0, r0, rows);
            // A diagonal tile gets the same tensor twice, which FromInputs recognises.
            Tensor[] outputs = evaluate(left, symmetric && r0 == c0 ? left : b.narrow(0, c0, cols));
            for (int o = 0; o < outputs.Length; o++)
            {
                write(o, r0, c0, rows, cols, CopyOut(outputs[o], buffer));
                if (symmetric && r0 != c0)
                    write(o, c0, r0, cols, rows, CopyOut(outputs[o].T, buffer));
            }
            progress?.Report((k + 1.0) / blocks.Count);
        }
    }
}
