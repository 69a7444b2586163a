using System.Runtime.InteropServices;

namespace Glassbox.Data;

/// <summary>
/// N-dimensional .npy arrays of float32 ('&lt;f4'), float64 ('&lt;f8'), int32 ('&lt;i4') or int8 ('|i1') in C order, for
/// data sets of images and keys (<see cref="NpyMatrix"/> keeps to 2-D float matrices). Written atomically; read with
/// the dtype and shape checked, naming the file.
/// </summary>
public static class NpyArray
{
    static string Descr<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => "<f4",
        var t when t == typeof(double) => "<f8",
        var t when t == typeof(int) => "<i4",
        var t when t == typeof(sbyte) => "|i1",
        var t => throw new NotSupportedException($"no .npy dtype for {t.Name}"),
    };

    public static void Write<T>(string path, long[] shape, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("writing .npy files needs a little-endian machine");
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Any(d => d < 0) || count != data.Length)
            throw new ArgumentException($"{path}: shape ({string.Join(", ", shape)}) holds {count} values, the data {data.Length}");
        byte[] header = NpyMatrix.Header(Descr<T>(), shape);
        byte[] bytes = MemoryMarshal.AsBytes(data).ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(bytes);
        });
    }

    /// <summary>The dtype string of the file's header ('&lt;f4', '&lt;f8', …), for readers that accept more than one.</summary>
    public static string ReadDescr(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return NpyMatrix.ReadHeader(stream, path).Header.Descr;
    }

    /// <summary>The array's shape and values; refuses another dtype, Fortran order or a file of the wrong length.</summary>
    public static (long[] Shape, T[] Data) Read<T>(string path) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("reading .npy files needs a little-endian machine");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (header, offset) = NpyMatrix.ReadHeader(stream, path);
        string descr = Descr<T>(), location = "header (byte offset 10)";
        if (header.Descr != descr && !(descr == "|i1" && header.Descr == "<i1"))
            throw new DataFormatException(path, location, $"dtype '{descr}'", $"'{header.Descr}'");
        if (header.FortranOrder) throw new DataFormatException(path, location, "fortran_order False (C order)", "True");
        long count = header.Shape.Aggregate(1L, (a, b) => a * b);
        if (count > Array.MaxLength / Marshal.SizeOf<T>())
            throw new DataFormatException(path, location, "an array that fits in memory", $"shape ({string.Join(", ", header.Shape)})");
        var data = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length || stream.ReadByte() >= 0)
            throw new DataFormatException(path, $"byte offset {offset}", $"{bytes.Length} bytes of data for shape ({string.Join(", ", header.Shape)})",
                read < bytes.Length ? $"{read}" : "more");
        return (header.Shape, data);
    }
}
