using Glassbox.Data;

namespace Glassbox.Training;

/// <summary>
/// x = (byte/255 − Mean[c]) / Std[c] per channel c. <see cref="Of"/> measures the training set (population
/// statistics over all its pixels), so no per-data-set constants are kept and MNIST, Fashion-MNIST and CIFAR-10
/// are treated alike; the test set is normalised with the training set's numbers.
/// </summary>
public sealed record PixelNormalization(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    public static PixelNormalization Of(ImageDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        int plane = train.Height * train.Width;
        var sum = new double[train.Channels];
        var squares = new double[train.Channels];
        for (int i = 0; i < train.Count; i++)
        {
            ReadOnlySpan<byte> image = train.Image(i);
            for (int c = 0; c < train.Channels; c++)
                foreach (byte b in image.Slice(c * plane, plane))
                {
                    double x = b / 255.0;
                    sum[c] += x;
                    squares[c] += x * x;
                }
        }
        double n = (double)train.Count * plane;
        var mean = sum.Select(s => s / n).ToArray();
        // A constant channel has std 0; 1 keeps it finite (it carries no information either way).
        var std = squares.Select((q, c) => Math.Sqrt(Math.Max(q / n - mean[c] * mean[c], 0))).Select(s => s > 0 ? s : 1).ToArray();
        return new PixelNormalization(mean, std);
    }
}
