namespace Glassbox.Data;

/// <summary>
/// Labelled images as bytes, one image after another, each channel-major (CHW): MNIST has
/// <paramref name="Channels"/> = 1, CIFAR-10 has 3 planes R, G, B of row-major pixels.
/// </summary>
public sealed record ImageDataset(int Count, int Channels, int Height, int Width, byte[] Pixels, byte[] Labels, int Classes)
{
    public int ImageSize => Channels * Height * Width;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>The first <paramref name="count"/> images (a subset for runs that fit the machine).</summary>
    public ImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return this with { Count = count, Pixels = Pixels[..(count * ImageSize)], Labels = Labels[..count] };
    }

    /// <summary>All but the first <paramref name="count"/> images.</summary>
    public ImageDataset Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(count, Count);
        return this with { Count = Count - count, Pixels = Pixels[(count * ImageSize)..(Count * ImageSize)], Labels = Labels[count..Count] };
    }
}

/// <summary>A data set's standard training and test parts.</summary>
public sealed record ImageSplit(ImageDataset Train, ImageDataset Test);
