using System.Buffers.Binary;
using System.IO.Compression;

namespace Glassbox.Data;

/// <summary>Opens data files that may or may not be gzipped, deciding by the gzip magic (1f 8b), not the name.</summary>
internal static class DataStreams
{
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    /// <summary>The named file in the folder, or its ".gz" form.</summary>
    public static string Find(string folder, string name)
    {
        string plain = Path.Combine(folder, name);
        if (File.Exists(plain)) return plain;
        string gzipped = plain + ".gz";
        if (File.Exists(gzipped)) return gzipped;
        throw new MissingDataFileException(Path.GetFullPath(folder), "data set folder", $"a file {name} or {name}.gz");
    }

    /// <summary>The unpacked byte stream of the file.</summary>
    public static Stream OpenRead(string path, out bool gzipped)
    {
        gzipped = IsGzip(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The whole unpacked content; the array may be longer than <paramref name="length"/>.</summary>
    public static byte[] ReadAll(string path, out int length, out bool gzipped)
    {
        gzipped = IsGzip(path);
        if (!gzipped)
        {
            byte[] bytes = File.ReadAllBytes(path);
            length = bytes.Length;
            return bytes;
        }
        using var stream = OpenRead(path, out _);
        using var unpacked = new MemoryStream(UnpackedSizeHint(path));
        Copy(stream, unpacked, path);
        length = checked((int)unpacked.Length);
        return unpacked.GetBuffer();
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the data ends; returns the bytes read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw BadGzip(path, e);
        }
    }

    /// <summary>True when nothing follows the expected content.</summary>
    public static bool AtEnd(Stream stream, string path)
    {
        try
        {
            return stream.ReadByte() < 0;
        }
        catch (InvalidDataException e)
        {
            throw BadGzip(path, e);
        }
    }

    /// <summary>"byte offset N", saying when N counts unpacked bytes rather than bytes of the file.</summary>
    public static string Offset(long offset, bool gzipped) =>
        gzipped ? $"byte offset {offset} of the unpacked data" : $"byte offset {offset}";

    // The gzip trailer ends with the unpacked size mod 2^32: exact for one-member files under 4 GiB,
    // and only a starting capacity otherwise, so the unpacked data is allocated once.
    private static int UnpackedSizeHint(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> trailer = stackalloc byte[4];
        if (file.Length < 18) return 0;
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return size <= Array.MaxLength ? (int)size : 0;
    }

    private static void Copy(Stream from, Stream to, string path)
    {
        try
        {
            from.CopyTo(to);
        }
        catch (InvalidDataException e)
        {
            throw BadGzip(path, e);
        }
    }

    private static DataFormatException BadGzip(string path, InvalidDataException e) =>
        new(path, "gzip stream", "valid gzip data", $"damaged data ({e.Message})", e);
}
