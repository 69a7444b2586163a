namespace Glassbox.Data;

/// <summary>A dense row-major matrix of doubles, as read from or written to CSV and .npy files.</summary>
public sealed record Matrix
{
    public Matrix(int rows, int cols, double[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)rows * cols)
            throw new ArgumentException($"A {rows}x{cols} matrix needs {(long)rows * cols} values, got {data.Length}.", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rows { get; }

    public int Cols { get; }

    public double[] Data { get; }

    public double this[int row, int col] => Data[row * Cols + col];

    public ReadOnlySpan<double> Row(int row) => Data.AsSpan(row * Cols, Cols);

    public void Deconstruct(out int rows, out int cols, out double[] data) => (rows, cols, data) = (Rows, Cols, Data);

    /// <summary>Matrices hold finite numbers only, so a NaN from a bug is caught when written, not later.</summary>
    internal void ThrowIfNotFinite(string path)
    {
        for (int i = 0; i < Data.Length; i++)
        {
            if (!double.IsFinite(Data[i]))
                throw new ArgumentException(
                    $"{path}: refusing to write element [{i / Math.Max(Cols, 1)}, {i % Math.Max(Cols, 1)}] = {Data[i]}: matrices hold finite numbers only.");
        }
    }
}
