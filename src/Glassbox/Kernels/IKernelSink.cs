using Glassbox.Data;

namespace Glassbox.Kernels;

/// <summary>Receives a kernel matrix tile by tile, so no consumer needs the whole matrix in memory.</summary>
public interface IKernelSink
{
    /// <summary>A row-major tile of <paramref name="rows"/>×<paramref name="cols"/> values whose top-left entry is (row0, col0).</summary>
    void Write(int row0, int col0, int rows, int cols, ReadOnlySpan<double> tile);
}

/// <summary>The whole n1×n2 matrix in one row-major array.</summary>
public sealed class ArrayKernelSink(int rows, int cols) : IKernelSink
{
    public int Rows { get; } = rows;
    public int Cols { get; } = cols;
    public double[] Data { get; } = new double[checked((long)rows * cols) <= Array.MaxLength
        ? rows * cols : throw new ArgumentException($"a {rows}×{cols} kernel does not fit one array; stream it to a file")];

    public void Write(int row0, int col0, int rows, int cols, ReadOnlySpan<double> tile)
    {
        for (int i = 0; i < rows; i++)
            tile.Slice(i * cols, cols).CopyTo(Data.AsSpan((row0 + i) * Cols + col0, cols));
    }
}

/// <summary>Streams tiles straight into a .npy file (see <see cref="NpyBlockWriter"/>).</summary>
public sealed class NpyKernelSink(NpyBlockWriter writer) : IKernelSink
{
    public void Write(int row0, int col0, int rows, int cols, ReadOnlySpan<double> tile) =>
        writer.WriteBlock(row0, col0, rows, cols, tile);
}
