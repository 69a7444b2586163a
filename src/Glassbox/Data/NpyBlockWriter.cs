using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Glassbox.Data;

/// <summary>
/// Writes a large float64 .npy matrix block by block, in any order, without holding it in memory
/// (a 50,000² kernel is 20 GB). The data goes to a temporary file beside the target; only
/// <see cref="Commit"/> renames it into place, so an interrupted write never leaves a file that
/// looks complete. Disposing without committing deletes the temporary file.
/// </summary>
public sealed class NpyBlockWriter : IDisposable
{
    readonly FileStream _stream;
    readonly string _path, _temp;
    readonly long _dataOffset;
    bool _committed;

    public int Rows { get; }
    public int Cols { get; }

    public NpyBlockWriter(string path, int rows, int cols)
    {
        _path = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(_path) ?? throw new ArgumentException($"Not a file path: {path}", nameof(path));
        Directory.CreateDirectory(folder);
        _temp = Path.Combine(folder, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        (Rows, Cols) = (rows, cols);
        byte[] header = NpyMatrix.HeaderF8(rows, cols);
        _dataOffset = header.Length;
        _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _stream.Write(header);
        _stream.SetLength(_dataOffset + (long)rows * cols * sizeof(double));
    }

    /// <summary>A row-major block whose top-left entry is (row0, col0).</summary>
    public void WriteBlock(int row0, int col0, int rows, int cols, ReadOnlySpan<double> block)
    {
        if (row0 < 0 || col0 < 0 || row0 + rows > Rows || col0 + cols > Cols || block.Length != rows * cols)
            throw new ArgumentOutOfRangeException(nameof(block), $"block {rows}x{cols} at ({row0}, {col0}) outside {Rows}x{Cols}");
        Span<byte> scratch = stackalloc byte[BitConverter.IsLittleEndian ? 0 : 8 * 256];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = block.Slice(i * cols, cols);
            if (!double.IsFinite(Sum(row)))
                throw new ArgumentException($"{_path}: row {row0 + i} has a value that is not finite");
            _stream.Position = _dataOffset + ((long)(row0 + i) * Cols + col0) * sizeof(double);
            if (BitConverter.IsLittleEndian) _stream.Write(MemoryMarshal.AsBytes(row));
            else
                foreach (double v in row)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(scratch, v);
                    _stream.Write(scratch[..8]);
                }
        }
    }

    static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v * 0; // NaN or ±∞ anywhere makes this NaN
        return sum;
    }

    /// <summary>Flushes and renames the finished file into place.</summary>
    public void Commit()
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed && File.Exists(_temp)) File.Delete(_temp);
    }
}
