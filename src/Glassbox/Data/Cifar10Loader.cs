namespace Glassbox.Data;

/// <summary>
/// The CIFAR-10 binary layout: records of 1 label byte and 3072 pixel bytes (1024 R, 1024 G, 1024 B,
/// each 32x32 row-major), plain or gzipped.
/// </summary>
public static class Cifar10Loader
{
    public const int Classes = 10;
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordSize = 1 + ImageBytes;

    /// <summary>train_batch.bin and test_batch.bin (or their .gz) of the shared subset.</summary>
    public static ImageSplit Load(string folder) => new(
        ReadBatch(DataStreams.Find(folder, "train_batch.bin")),
        ReadBatch(DataStreams.Find(folder, "test_batch.bin")));

    public static ImageDataset ReadBatch(string path)
    {
        byte[] data = DataStreams.ReadAll(path, out int length, out bool gzipped);
        int count = length / RecordSize;
        if (length == 0)
            throw new DataFormatException(path, DataStreams.Offset(0, gzipped), $"records of {RecordSize} bytes", "an empty file");
        if (length % RecordSize != 0)
            throw new DataFormatException(path, $"record {count} ({DataStreams.Offset((long)count * RecordSize, gzipped)})",
                $"{RecordSize} bytes (1 label + {ImageBytes} pixels)", $"{length % RecordSize} (truncated record)");

        var labels = new byte[count];
        var pixels = new byte[(long)count * ImageBytes];
        for (int r = 0; r < count; r++)
        {
            int offset = r * RecordSize;
            if (data[offset] >= Classes)
                throw new DataFormatException(path, $"record {r} ({DataStreams.Offset(offset, gzipped)})",
                    $"a label in 0..{Classes - 1}", $"{data[offset]}");
            labels[r] = data[offset];
            data.AsSpan(offset + 1, ImageBytes).CopyTo(pixels.AsSpan(r * ImageBytes, ImageBytes));
        }
        return new ImageDataset(count, 3, Side, Side, pixels, labels, Classes);
    }
}
