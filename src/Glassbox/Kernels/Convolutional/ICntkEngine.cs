namespace Glassbox.Kernels.Convolutional;

/// <summary>Float32 (fast, SIMD arccos) or float64 (accurate) arithmetic inside the engine; results are float64 either way.</summary>
public enum CntkPrecision { Float32, Float64 }

/// <summary>
/// The one place the kernel's inner loops live: a tile of entries between two blocks of images, a pure function of its inputs
/// (so a tile can be computed anywhere — another thread, process, machine or a GPU — and land bit-identical).
/// </summary>
public interface ICntkEngine
{
    /// <summary>
    /// NTK and NNGP values of every depth 2 .. architecture.Depth between rows[i] and cols[j]. Pass the same
    /// <see cref="ImageBatch"/> object twice for a block on the diagonal of a Gram matrix: only i ≤ j is computed.
    /// </summary>
    CntkTile Compute(CntkArchitecture architecture, ImageBatch rows, ImageBatch cols);

    /// <summary>Everything about the engine that decides the bits of a tile (precision, vector width), e.g. cpu-float32-x16.</summary>
    string Identity { get; }
}

/// <summary>
/// Kernel values of a tile for every depth from 2 up to <paramref name="MaxDepth"/>: <paramref name="Ntk"/> and
/// <paramref name="Nngp"/> are [(depth − 2), row, col] row-major.
/// </summary>
public sealed record CntkTile(int Rows, int Cols, int MaxDepth, double[] Ntk, double[] Nngp)
{
    public double Value(KernelKind kind, int depth, int row, int col) =>
        (kind == KernelKind.Ntk ? Ntk : Nngp)[Offset(depth) + row * Cols + col];

    /// <summary>The rows×cols matrix of one kind and depth, row-major.</summary>
    public ReadOnlySpan<double> Matrix(KernelKind kind, int depth) =>
        (kind == KernelKind.Ntk ? Ntk : Nngp).AsSpan(Offset(depth), Rows * Cols);

    int Offset(int depth)
    {
        if (depth < 2 || depth > MaxDepth) throw new ArgumentOutOfRangeException(nameof(depth), depth, $"the tile holds depths 2 .. {MaxDepth}");
        return (depth - 2) * Rows * Cols;
    }
}
