using Glassbox.Data;

namespace Glassbox.Privacy.Inversion;

/// <summary>
/// One gradient-inversion case from a data set: the party's B training images from <c>index</c> on, the net, the defence
/// (on the gradient, or InstaHide on the images — partners drawn from <see cref="PoolSize"/> other training images), the
/// attack. Shared by <c>glassbox invert-gradient</c>, its sweep and the tour.
/// </summary>
public static class InversionSetup
{
    public const int PoolSize = 512;

    /// <summary>The images (pixels in [0, 1]) and labels of training images first … first + count − 1.</summary>
    public static (double[] Pixels, int[] Labels) Images(ImageDataset data, int first, int count)
    {
        if (first < 0 || count < 1 || first + count > data.Count)
            throw new ArgumentOutOfRangeException(nameof(first), $"images {first}…{first + count - 1} asked for, the data set has {data.Count}");
        int size = data.ImageSize;
        return (data.Pixels.AsSpan(first * size, count * size).ToArray().Select(v => v / 255.0).ToArray(),
                data.Labels.AsSpan(first, count).ToArray().Select(l => (int)l).ToArray());
    }

    /// <summary>What the party feeds its net under <paramref name="defense"/>: its images, or their InstaHide encodings.</summary>
    public static PartyBatch Party(ImageDataset data, double[] pixels, int[] labels, int first, SharedGradient defense, KeySource keys)
    {
        if (defense.InstaHideK is not int k) return PartyBatch.Raw(pixels, labels, data.Classes);
        // Partners: other training images, not the party's own.
        var pool = new List<int>(PoolSize);
        var seen = new HashSet<int>();
        int available = data.Count - labels.Length;
        while (pool.Count < Math.Min(PoolSize, available))
        {
            int i = keys.Below(data.Count);
            if ((i < first || i >= first + labels.Length) && seen.Add(i)) pool.Add(i);
        }
        int size = data.ImageSize;
        double[] poolPixels = pool.SelectMany(i => data.Pixels.AsSpan(i * size, size).ToArray().Select(v => v / 255.0)).ToArray();
        return InstaHideParty.Encode(pixels, labels, data.Classes, poolPixels, pool.Select(i => (int)data.Labels[i]).ToArray(), k, keys);
    }

    public static InversionResult Run(ImageDataset data, string model, int first, int batch, SharedGradient defense, int iterations, int restarts, long seed,
        KeySource keys, IProgress<(int Iteration, double Distance)>? progress = null, CancellationToken cancel = default)
    {
        var (pixels, labels) = Images(data, first, batch);
        PartyBatch party = Party(data, pixels, labels, first, defense, keys);
        using var net = new InversionNet(model, data.Channels, data.Height, data.Width, data.Classes, seed);
        return GradientInversion.Run(net, party, pixels, labels, data.Channels, data.Height, data.Width, data.Classes, defense, iterations, seed, progress, cancel, restarts);
    }
}
