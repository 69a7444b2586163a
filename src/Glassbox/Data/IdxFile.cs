using System.Buffers.Binary;

namespace Glassbox.Data;

/// <summary>IDX unsigned-byte images (rank 3) as read from one file.</summary>
public sealed record IdxImages(int Count, int Height, int Width, byte[] Pixels);

/// <summary>
/// The IDX format of MNIST and its family: a big-endian header (magic 0x0000080D where D is the rank,
/// then one 32-bit size per dimension) and the bytes. Plain or gzipped, told apart by content.
/// </summary>
public static class IdxFile
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    public static IdxImages ReadImages(string path)
    {
        using var stream = DataStreams.OpenRead(path, out bool gzipped);
        Span<byte> header = stackalloc byte[16];
        ReadHeader(stream, header, ImagesMagic, "IDX unsigned-byte images", path, gzipped);
        int count = Dimension(header, 1, path, gzipped);
        int height = Dimension(header, 2, path, gzipped);
        int width = Dimension(header, 3, path, gzipped);
        long size = (long)count * height * width;
        if (size > Array.MaxLength)
            throw new DataFormatException(path, "byte offset 4", $"at most {Array.MaxLength} pixels", $"{count} images of {height}x{width}");
        var pixels = new byte[size];
        ReadBody(stream, pixels, header.Length, $"{count} images of {height}x{width} pixels", path, gzipped);
        return new IdxImages(count, height, width, pixels);
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = DataStreams.OpenRead(path, out bool gzipped);
        Span<byte> header = stackalloc byte[8];
        ReadHeader(stream, header, LabelsMagic, "IDX unsigned-byte labels", path, gzipped);
        int count = Dimension(header, 1, path, gzipped);
        var labels = new byte[count];
        ReadBody(stream, labels, header.Length, $"{count} labels", path, gzipped);
        return labels;
    }

    /// <summary>Images with their labels: the counts must agree and every label be below <paramref name="classes"/>.</summary>
    public static ImageDataset ReadPair(string imagesPath, string labelsPath, int classes)
    {
        var images = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        bool gzipped = DataStreams.IsGzip(labelsPath);
        if (labels.Length != images.Count)
            throw new DataFormatException(labelsPath, DataStreams.Offset(4, gzipped),
                $"{images.Count} labels (the image count of {Path.GetFileName(imagesPath)})", $"{labels.Length}");
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
                throw new DataFormatException(labelsPath, $"label {i} ({DataStreams.Offset(8 + i, gzipped)})",
                    $"a label in 0..{classes - 1}", $"{labels[i]}");
        }
        return new ImageDataset(images.Count, 1, images.Height, images.Width, images.Pixels, labels, classes);
    }

    private static void ReadHeader(Stream stream, Span<byte> header, int magic, string what, string path, bool gzipped)
    {
        int read = DataStreams.ReadFully(stream, header, path);
        if (read >= 4 && BinaryPrimitives.ReadInt32BigEndian(header) != magic)
            throw new DataFormatException(path, DataStreams.Offset(0, gzipped),
                $"magic 0x{magic:X8} ({what})", $"0x{BinaryPrimitives.ReadInt32BigEndian(header):X8}");
        if (read < header.Length)
            throw new DataFormatException(path, DataStreams.Offset(read, gzipped),
                $"a {header.Length}-byte IDX header", $"the end of the data after {read} bytes");
    }

    private static int Dimension(ReadOnlySpan<byte> header, int index, string path, bool gzipped)
    {
        int size = BinaryPrimitives.ReadInt32BigEndian(header[(4 * index)..]);
        if (size < 0 || (index > 1 && size == 0))
            throw new DataFormatException(path, DataStreams.Offset(4 * index, gzipped), "a positive dimension size", $"{size}");
        return size;
    }

    private static void ReadBody(Stream stream, byte[] body, int offset, string what, string path, bool gzipped)
    {
        int read = DataStreams.ReadFully(stream, body, path);
        if (read < body.Length)
            throw new DataFormatException(path, DataStreams.Offset(offset + read, gzipped),
                $"{body.Length} bytes after the header ({what}), ending at byte offset {offset + body.Length}", "the end of the data (truncated file)");
        if (!DataStreams.AtEnd(stream, path))
            throw new DataFormatException(path, DataStreams.Offset(offset + body.Length, gzipped),
                $"the end of the data ({what})", "more bytes");
    }
}
