namespace Glassbox.Privacy;

/// <summary>One private image: the cluster matched to it, the SSIM of that cluster's image with the truth, and the share of the cluster's encodings that contain the image.</summary>
public sealed record RecoveredImage(int Index, int Cluster, double Ssim, int ClusterSize, double ClusterPurity);

/// <summary>One encoding: the cluster the attack put it in, the private image that cluster stands for (by the keys), and
/// whether the encoding contains that image.</summary>
public sealed record ClusteredEncoding(int Encoding, int Cluster, int ClusterImage, bool Correct);

/// <summary>How well an attack did: per private image, and the max and mean SSIM (Carlini et al.'s leaderboard numbers);
/// with the keys, per encoding whether it was clustered with one of its own images, and the share that were.</summary>
public sealed record AttackScore(IReadOnlyList<RecoveredImage> Images, double MaxSsim, double MeanSsim, double EncodingsClusteredCorrectly,
    IReadOnlyList<ClusteredEncoding>? Encodings = null);

/// <summary>
/// Scores an <see cref="AttackResult"/> against the true private images: clusters are matched one-to-one to images greedily,
/// highest SSIM first (SSIM of Wang et al. on pixels in [0, 1]) — the best an attacker who must say which recovered image is
/// which could be scored; with the keys, an encoding counts as clustered correctly when it contains the private image most of
/// its cluster contains.
/// </summary>
public static class AttackEvaluation
{
    public static AttackScore Score(AttackResult result, ReadOnlySpan<double> truth, int channels, int height, int width,
        InstaHideKeys? keys = null, int privateSlots = 0)
    {
        int n = result.Images, size = result.ImageSize;
        if (truth.Length != n * size) throw new ArgumentException($"{truth.Length} true values for {n} images of {size}");
        var ssim = new double[n, n];
        var pairs = new List<(double Value, int Cluster, int Image)>(n * n);
        for (int c = 0; c < n; c++)
            for (int i = 0; i < n; i++)
            {
                ssim[c, i] = Ssim.Compute(result.Recovered.AsSpan(c * size, size), truth.Slice(i * size, size), channels, height, width);
                pairs.Add((ssim[c, i], c, i));
            }
        var clusterOfImage = new int[n];
        Array.Fill(clusterOfImage, -1);
        var used = new bool[n];
        foreach (var (_, c, i) in pairs.OrderByDescending(p => p.Value))
        {
            if (used[c] || clusterOfImage[i] >= 0) continue;
            (used[c], clusterOfImage[i]) = (true, c);
        }
        var members = new List<int>[n];
        for (int c = 0; c < n; c++) members[c] = [];
        for (int r = 0; r < result.ClusterOf.Length; r++) members[result.ClusterOf[r]].Add(r);
        var images = new List<RecoveredImage>(n);
        for (int i = 0; i < n; i++)
        {
            int c = clusterOfImage[i];
            double purity = double.NaN;
            if (keys is not null)
            {
                int hits = members[c].Count(r => keys.IndicesOf(r)[..privateSlots].Contains(i));
                purity = members[c].Count == 0 ? 0 : (double)hits / members[c].Count;
            }
            images.Add(new RecoveredImage(i, c, ssim[c, i], members[c].Count, purity));
        }
        var encodings = keys is null ? null : Clustered(members, keys, privateSlots, result.ClusterOf);
        return new AttackScore(images, images.Max(x => x.Ssim), images.Average(x => x.Ssim),
            encodings is null ? double.NaN : (double)encodings.Count(e => e.Correct) / encodings.Length, encodings);
    }

    /// <summary>
    /// Each encoding against the private image its cluster stands for: the image most of the cluster's encodings contain
    /// (by the keys, not by SSIM: a good cluster with a poorly restored image still counts; ties to the lowest index). An
    /// encoding that holds the same image in two slots counts once.
    /// </summary>
    static ClusteredEncoding[] Clustered(List<int>[] members, InstaHideKeys keys, int privateSlots, int[] clusterOf)
    {
        var imageOfCluster = new int[members.Length];
        for (int c = 0; c < members.Length; c++)
        {
            var counts = new SortedDictionary<int, int>();
            foreach (int r in members[c])
                foreach (int image in keys.IndicesOf(r)[..privateSlots].ToArray().Distinct()) counts[image] = counts.GetValueOrDefault(image) + 1;
            imageOfCluster[c] = counts.Count == 0 ? -1 : counts.MaxBy(kv => kv.Value).Key;
        }
        return clusterOf.Select((c, r) => new ClusteredEncoding(r, c, imageOfCluster[c], keys.IndicesOf(r)[..privateSlots].Contains(imageOfCluster[c]))).ToArray();
    }
}
