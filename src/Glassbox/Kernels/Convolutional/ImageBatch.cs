namespace Glassbox.Kernels.Convolutional;

/// <summary>Images as real numbers, one after another, each channel-major (C×H×W): the input of a convolutional kernel.</summary>
public sealed record ImageBatch(int Count, int Channels, int Height, int Width, double[] Data)
{
    public int ImageSize => Channels * Height * Width;

    public ReadOnlySpan<double> Image(int index) => Data.AsSpan(index * ImageSize, ImageSize);

    /// <summary>Images <paramref name="start"/> .. start + count − 1 (a copy).</summary>
    public ImageBatch Slice(int start, int count) =>
        this with { Count = count, Data = Data.AsSpan(start * ImageSize, count * ImageSize).ToArray() };

    /// <summary>The same images mirrored left to right.</summary>
    public ImageBatch Mirrored()
    {
        var data = new double[Data.Length];
        for (int row = 0; row < Data.Length / Width; row++)
            for (int j = 0; j < Width; j++) data[row * Width + j] = Data[row * Width + Width - 1 - j];
        return this with { Data = data };
    }

    /// <summary>Throws unless the sizes agree with the data.</summary>
    public ImageBatch Validated()
    {
        if (Count < 0 || Channels < 1 || Height < 1 || Width < 1 || (long)Count * ImageSize != Data.Length)
            throw new ArgumentException($"{Data.Length} values do not make {Count} images of {Channels}×{Height}×{Width}");
        return this;
    }
}
