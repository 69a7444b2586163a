using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Training;

/// <summary>
/// Turns examples of an <see cref="ImageDataset"/> into an (N, C, H, W) input tensor of the chosen dtype and an
/// int64 label tensor. With crops, the image is padded by <see cref="Padding"/> black pixels (byte 0, as
/// torchvision pads before normalising), cut back to H × W at the drawn corner and possibly mirrored.
/// </summary>
public sealed class ImageBatches(ImageDataset data, PixelNormalization normalization, ScalarType dtype)
{
    public const int Padding = 4;

    public ImageDataset Data { get; } = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>Examples <paramref name="indices"/>; <paramref name="augment"/> is empty or one draw per index.</summary>
    public (Tensor Input, Tensor Labels) Batch(ReadOnlySpan<int> indices, ReadOnlySpan<CropFlip> augment)
    {
        if (!augment.IsEmpty && augment.Length != indices.Length)
            throw new ArgumentException($"{augment.Length} augmentation draws for {indices.Length} examples");
        int c = Data.Channels, h = Data.Height, w = Data.Width, size = Data.ImageSize;
        var values = new double[indices.Length * size];
        var labels = new long[indices.Length];
        // The normalised value of every byte, per channel: the same arithmetic for every pixel and every batch.
        var table = new double[c, 256];
        for (int ch = 0; ch < c; ch++)
            for (int b = 0; b < 256; b++) table[ch, b] = (b / 255.0 - normalization.Mean[ch]) / normalization.Std[ch];

        for (int n = 0; n < indices.Length; n++)
        {
            ReadOnlySpan<byte> image = Data.Image(indices[n]);
            labels[n] = Data.Labels[indices[n]];
            CropFlip draw = augment.IsEmpty ? new CropFlip(Padding, Padding, false) : augment[n];
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        // Source pixel in the unpadded image; outside it is the padding.
                        int sy = y + draw.Top - Padding, sx = (draw.Flip ? w - 1 - x : x) + draw.Left - Padding;
                        byte b = sy >= 0 && sy < h && sx >= 0 && sx < w ? image[(ch * h + sy) * w + sx] : (byte)0;
                        values[n * size + (ch * h + y) * w + x] = table[ch, b];
                    }
        }
        long[] shape = [indices.Length, c, h, w];
        Tensor input = dtype switch
        {
            ScalarType.Float64 => torch.tensor(values, shape),
            ScalarType.Float32 => torch.tensor(values.Select(v => (float)v).ToArray(), shape),
            _ => throw new ArgumentException($"inputs are float32 or float64, not {dtype}"),
        };
        return (input, torch.tensor(labels));
    }
}
