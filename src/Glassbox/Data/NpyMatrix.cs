using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Glassbox.Data;

/// <summary>
/// NumPy .npy files (format versions 1.0 and 2.0) of little-endian float64 ('&lt;f8') or float32 ('&lt;f4')
/// in C order, 1-D (read as a column) or 2-D. Anything else is refused with the reason.
/// </summary>
public static class NpyMatrix
{
    // One read fills the whole array through a span of bytes, whose length is an int.
    private const long MaxElements = int.MaxValue / sizeof(double);

    // Not a u8 literal: "\x93" there would be the UTF-8 encoding of U+0093, two bytes.
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static Matrix Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (header, dataOffset) = ReadHeader(stream, path);
        string location = "header (byte offset 10)";
        if (header.Descr is not ("<f8" or "<f4"))
            throw new DataFormatException(path, location, "dtype '<f8' or '<f4' (little-endian float64 or float32)", $"'{header.Descr}'");
        if (header.FortranOrder)
            throw new DataFormatException(path, location, "fortran_order False (C order)", "True");
        if (header.Shape.Length is not (1 or 2))
            throw new DataFormatException(path, location, "a 1-D or 2-D shape", $"({string.Join(", ", header.Shape)})");

        long rows = header.Shape[0], cols = header.Shape.Length == 2 ? header.Shape[1] : 1;
        if (rows > int.MaxValue || cols > int.MaxValue || rows * cols > MaxElements)
            throw new DataFormatException(path, location, $"at most {MaxElements} elements", $"shape {rows}x{cols}");
        var data = new double[rows * cols];
        if (header.Descr == "<f8") ReadF8(stream, data, dataOffset, path);
        else ReadF4(stream, data, dataOffset, path);
        if (stream.ReadByte() >= 0)
            throw new DataFormatException(path, $"byte offset {stream.Position - 1}", $"the end of the file after {data.Length} elements", "more bytes");

        for (int i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i]))
                throw new DataFormatException(path, $"element [{i / cols}, {i % cols}]", "a finite number", $"{data[i]}");
        }
        return new Matrix((int)rows, (int)cols, data);
    }

    /// <summary>Writes a version 1.0 '&lt;f8' file of shape (Rows, Cols), bit-exact, atomically.</summary>
    public static void Write(string path, Matrix matrix)
    {
        matrix.ThrowIfNotFinite(path);
        byte[] header = HeaderF8(matrix.Rows, matrix.Cols);

        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            if (BitConverter.IsLittleEndian)
            {
                const int chunk = 1 << 20;
                for (int i = 0; i < matrix.Data.Length; i += chunk)
                    stream.Write(MemoryMarshal.AsBytes(matrix.Data.AsSpan(i, Math.Min(chunk, matrix.Data.Length - i))));
                return;
            }
            Span<byte> bytes = stackalloc byte[8];
            foreach (double v in matrix.Data)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, v);
                stream.Write(bytes);
            }
        });
    }

    /// <summary>The version 1.0 header of a C-order '&lt;f8' matrix; the data follows it at a 64-byte boundary.</summary>
    internal static byte[] HeaderF8(long rows, long cols) => Header("<f8", [rows, cols]);

    /// <summary>A version 1.0 header for C-order data of type <paramref name="descr"/> and any shape, padded to 64 bytes.</summary>
    internal static byte[] Header(string descr, long[] shape)
    {
        string dict = NpyHeader.Format(descr, shape);
        // NumPy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
        int unpadded = Magic.Length + 4 + dict.Length + 1;
        int length = dict.Length + 1 + (64 - unpadded % 64) % 64;
        byte[] header = new byte[Magic.Length + 4 + length];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), checked((ushort)length));
        header.AsSpan(10, length).Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header[^1] = (byte)'\n';
        return header;
    }

    internal static (NpyHeader Header, long DataOffset) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        int read = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (read < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new DataFormatException(path, "byte offset 0", "the .npy magic \\x93NUMPY", read < 6 ? "a file too short" : "other bytes");
        byte major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2) || minor != 0)
            throw new DataFormatException(path, "byte offset 6", "format version 1.0 or 2.0", $"{major}.{minor}");

        long length;
        int start;
        if (major == 1)
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            start = 10;
        }
        else
        {
            if (stream.ReadAtLeast(prefix[10..], 2, throwOnEndOfStream: false) < 2)
                throw new DataFormatException(path, "byte offset 8", "a 4-byte header length", "the end of the file");
            length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            start = 12;
        }
        if (length > 1 << 20)
            throw new DataFormatException(path, "byte offset 8", "a header length of at most 1 MiB", $"{length}");

        var text = new byte[length];
        if (stream.ReadAtLeast(text, text.Length, throwOnEndOfStream: false) < text.Length)
            throw new DataFormatException(path, $"byte offset {start}", $"a header of {length} bytes", "the end of the file");
        string dict = Encoding.Latin1.GetString(text);
        return (NpyHeader.Parse(dict, path, $"header (byte offset {start})"), start + length);
    }

    private static void ReadF8(Stream stream, double[] data, long offset, string path)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) throw Truncated(path, offset, read, bytes.Length, data.Length);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < data.Length; i++)
                data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(8 * i, 8));
        }
    }

    private static void ReadF4(Stream stream, double[] data, long offset, string path)
    {
        var bytes = new byte[4 * data.Length];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) throw Truncated(path, offset, read, bytes.Length, data.Length);
        for (int i = 0; i < data.Length; i++)
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i, 4));
    }

    private static DataFormatException Truncated(string path, long offset, int read, int expected, int elements) =>
        new(path, $"byte offset {offset + read}", $"{expected} bytes of data ({elements} elements) after the header", "the end of the file (truncated)");
}
