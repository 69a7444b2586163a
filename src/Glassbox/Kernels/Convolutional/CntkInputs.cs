using Glassbox.Data;

namespace Glassbox.Kernels.Convolutional;

/// <summary>Images as the CNTK reads them.</summary>
public static class CntkInputs
{
    /// <summary>
    /// Pixels scaled to [0, 1], then each channel standardised by the mean and standard deviation of that channel over all of
    /// <paramref name="statistics"/> (the authors use the whole training set): the inputs of their CIFAR-10 runs.
    /// </summary>
    public static ImageBatch Standardised(ImageDataset images, ImageDataset statistics)
    {
        int c = images.Channels, plane = images.Height * images.Width;
        var mean = new double[c];
        var sd = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < statistics.Count; i++)
                foreach (byte b in statistics.Image(i).Slice(ch * plane, plane)) { double v = b / 255.0; sum += v; squares += v * v; }
            double n = (double)statistics.Count * plane;
            mean[ch] = sum / n;
            sd[ch] = Math.Sqrt(Math.Max(squares / n - mean[ch] * mean[ch], 0));
            if (sd[ch] == 0) throw new ArgumentException($"channel {ch} is constant over the statistics images; it cannot be standardised");
        }
        var data = new double[images.Count * images.ImageSize];
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<byte> image = images.Image(i);
            for (int k = 0; k < images.ImageSize; k++)
            {
                int ch = k / plane;
                data[i * images.ImageSize + k] = (image[k] / 255.0 - mean[ch]) / sd[ch];
            }
        }
        return new ImageBatch(images.Count, c, images.Height, images.Width, data);
    }

    /// <summary>An N×C×H×W .npy array (float32 or float64) as images; one sentence naming the file when it is not one.</summary>
    public static ImageBatch ReadNpy(string path)
    {
        long[] shape;
        double[] data;
        switch (NpyArray.ReadDescr(path))
        {
            case "<f8": (shape, data) = NpyArray.Read<double>(path); break;
            case "<f4":
                (shape, float[] single) = NpyArray.Read<float>(path);
                data = Array.ConvertAll(single, v => (double)v);
                break;
            case var other: throw new DataFormatException(path, "header (byte offset 10)", "dtype '<f4' or '<f8' (float32 or float64)", $"'{other}'");
        }
        if (shape.Length != 4 || shape.Any(d => d < 1))
            throw new DataFormatException(path, "header", "an N×C×H×W array of images", $"shape ({string.Join(", ", shape)})");
        if (data.Any(v => !double.IsFinite(v)))
            throw new DataFormatException(path, "data", "finite pixel values", "NaN or infinity");
        return new ImageBatch((int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], data);
    }
}
