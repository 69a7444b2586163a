using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy;

/// <summary>What the attack recovered: N images as pixels in [0, 1] (channel-major) and the cluster of every encoding.</summary>
public sealed record AttackResult(int Images, int ImageSize, double[] Recovered, int[] ClusterOf);

/// <summary>
/// The attack of Carlini, Deng, Garg, Jha, Mahloujifar, Mahmoody, Song, Thakurta, Tramèr ("Is Private Learning Possible with
/// Instance Encoding?", IEEE S&amp;P 2021) on InstaHide, reimplemented from the paper's outline with a hand-made similarity:
/// <list type="number">
/// <item>|e| removes the sign masks: |σ ⊙ v| = |v|.</item>
/// <item>Similarity: the cosine of the encodings' |e| after subtracting the per-pixel mean of |e| over all encodings (what every
/// encoding shares: the data set's typical image). The paper trains a neural network for this step; a hand-made
/// similarity needs no training data and is exact for k = 1 (the T encodings of an image have identical |e|), and its
/// weakness for larger k is measured, not hidden.</item>
/// <item>Clustering: spherical k-means into N clusters (k-means++ seeding, empty clusters re-seeded at the worst-fitting
/// encoding), so each encoding joins the private image that dominates it.</item>
/// <item>Absolute values of each private image: the mean of its cluster's |e|, its contrast restored (see <see cref="Calibrate"/>).</item>
/// <item>Signs: <see cref="SignRestoration"/>.</item>
/// </list>
/// The attack never uses the order of the encodings: it shuffles them first.
/// </summary>
public static class InstaHideAttack
{
    public static AttackResult Run(ReadOnlySpan<float> encodings, int images, int channels, int height, int width, PixelNormalization normalization,
        long seed = 1, int iterations = 30)
    {
        int size = channels * height * width, rows = encodings.Length / size;
        if (encodings.Length != rows * size || rows < images || images < 1)
            throw new ArgumentException($"{encodings.Length} values are not at least {images} encodings of {channels}×{height}×{width}");
        var random = KeySource.Insecure(seed, 0xa77ac);
        int[] shuffle = random.Permutation(rows);

        var absolute = new double[(long)rows * size];
        for (int r = 0; r < rows; r++)
            for (int p = 0; p < size; p++) absolute[(long)r * size + p] = Math.Abs(encodings[shuffle[r] * size + p]);

        using var scope = torch.NewDisposeScope();
        Tensor a = torch.tensor(absolute, [rows, size]);
        Tensor centred = a - a.mean([0], keepdim: true);
        Tensor features = centred / centred.norm(1, keepdim: true).clamp_min(1e-12);
        int[] cluster = SphericalKMeans(features, images, iterations, random);

        var recovered = new double[(long)images * size];
        var magnitude = new double[size];
        for (int i = 0; i < images; i++)
        {
            long[] members = Enumerable.Range(0, rows).Where(r => cluster[r] == i).Select(r => (long)r).ToArray();
            double[] mean = a.index_select(0, torch.tensor(members)).mean([0]).data<double>().ToArray();
            Calibrate(mean, channels, height * width, normalization, magnitude);
            double[] pixels = SignRestoration.Restore(magnitude, channels, height, width, normalization.Mean, normalization.Std);
            pixels.CopyTo(recovered, (long)i * size);
        }
        var clusterOf = new int[rows];
        for (int r = 0; r < rows; r++) clusterOf[shuffle[r]] = cluster[r];
        return new AttackResult(images, size, recovered, clusterOf);
    }

    /// <summary>
    /// Stretches the cluster's mean |e| per channel, keeping its dark end (the 1% quantile: on MNIST the background, where
    /// every image has the same |x| and mixing changes nothing) and moving its bright end (the 99.5% quantile) to the largest
    /// |x| the pixel range allows, max(mean, 1 − mean)/std: mixing shrinks an image's contrast by its coefficient, and most
    /// images touch the range's ends. Never compresses. The attack does not use k, so at k = 1 too a channel whose brightest
    /// pixels stay below the range's end is stretched: |x| is kept exactly only for images that reach it (most digits;
    /// not low-contrast natural images).
    /// </summary>
    static void Calibrate(double[] mean, int channels, int plane, PixelNormalization normalization, double[] magnitude)
    {
        for (int c = 0; c < channels; c++)
        {
            double[] sorted = mean.AsSpan(c * plane, plane).ToArray();
            Array.Sort(sorted);
            double dark = sorted[(int)Math.Floor(0.01 * (plane - 1))], bright = sorted[(int)Math.Floor(0.995 * (plane - 1))];
            double bound = Math.Max(normalization.Mean[c], 1 - normalization.Mean[c]) / normalization.Std[c];
            double stretch = bright > dark && bright < bound ? (bound - dark) / (bright - dark) : 1;
            for (int p = 0; p < plane; p++) magnitude[c * plane + p] = Math.Max(0, dark + stretch * (mean[c * plane + p] - dark));
        }
    }

    /// <summary>Lloyd's algorithm on unit vectors with cosine similarity; k-means++ seeding.</summary>
    static int[] SphericalKMeans(Tensor features, int k, int iterations, KeySource random)
    {
        int rows = (int)features.shape[0];
        var chosen = new List<long> { random.Below(rows) };
        double[] distance = Enumerable.Repeat(double.PositiveInfinity, rows).ToArray();
        while (chosen.Count < k)
        {
            double[] last = (1 - features.matmul(features[chosen[^1]])).clamp_min(0).data<double>().ToArray();
            double total = 0;
            for (int r = 0; r < rows; r++) total += distance[r] = Math.Min(distance[r], last[r]);
            long next;
            if (total <= 0) next = Enumerable.Range(0, rows).First(r => !chosen.Contains(r));
            else
            {
                double u = random.NextDouble() * total, run = 0;
                next = rows - 1;
                for (int r = 0; r < rows; r++)
                    if ((run += distance[r]) > u) { next = r; break; }
            }
            chosen.Add(next);
        }
        Tensor centroids = features.index_select(0, torch.tensor(chosen.ToArray()));
        var assignment = new int[rows];
        for (int it = 0; it < iterations; it++)
        {
            Tensor similarity = features.matmul(centroids.t());
            var (best, index) = similarity.max(1);
            int[] next = index.data<long>().ToArray().Select(i => (int)i).ToArray();
            double[] fit = best.data<double>().ToArray();
            bool same = it > 0 && next.AsSpan().SequenceEqual(assignment);
            assignment = next;
            var counts = new int[k];
            foreach (int c in assignment) counts[c]++;
            // An empty cluster takes the encoding that fits its own cluster worst.
            for (int c = 0; c < k; c++)
            {
                if (counts[c] > 0) continue;
                int worst = Enumerable.Range(0, rows).Where(r => counts[assignment[r]] > 1).MinBy(r => fit[r]);
                counts[assignment[worst]]--;
                assignment[worst] = c;
                counts[c] = 1;
                fit[worst] = double.PositiveInfinity;
                same = false;
            }
            if (same) break;
            Tensor onehot = torch.nn.functional.one_hot(torch.tensor(assignment.Select(x => (long)x).ToArray()), k).to(ScalarType.Float64);
            Tensor sums = onehot.t().matmul(features);
            centroids = sums / sums.norm(1, keepdim: true).clamp_min(1e-12);
        }
        return assignment;
    }
}
