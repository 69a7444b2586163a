using MathNet.Numerics.Distributions;

namespace Glassbox.Privacy.Federated;

/// <summary>How the training examples are dealt to the parties.</summary>
public static class ShardSplit
{
    /// <summary>IID: a seeded shuffle dealt round-robin, so shard sizes differ by at most one.</summary>
    public static int[][] Iid(int count, int parties, KeySource random)
    {
        Check(count, parties);
        int[] order = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return Enumerable.Range(0, parties).Select(p => order.Where((_, i) => i % parties == p).Order().ToArray()).ToArray();
    }

    /// <summary>
    /// Non-IID as Hsu, Qi &amp; Brown (2019) draw it: for each class, the share of its examples each party gets is a draw
    /// from Dirichlet(α, …, α) (small α: each class concentrated on a few parties; large α: close to IID); the class's
    /// examples, shuffled, are cut at those shares.
    /// </summary>
    public static int[][] Dirichlet(IReadOnlyList<byte> labels, int classes, int parties, double alpha, KeySource random)
    {
        Check(labels.Count, parties);
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"the Dirichlet concentration α must be finite and > 0, got {alpha}");
        var shards = Enumerable.Range(0, parties).Select(_ => new List<int>()).ToArray();
        var source = new KeySourceRandom(random);
        for (int c = 0; c < classes; c++)
        {
            int[] members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            for (int i = members.Length - 1; i > 0; i--)
            {
                int j = random.Below(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            // Dirichlet(α·1) as normalised Gamma(α, 1) draws.
            double[] gamma = Enumerable.Range(0, parties).Select(_ => Gamma.Sample(source, alpha, 1)).ToArray();
            double total = gamma.Sum();
            int start = 0;
            double cumulative = 0;
            for (int p = 0; p < parties; p++)
            {
                cumulative += gamma[p] / total;
                int end = p == parties - 1 ? members.Length : (int)Math.Round(cumulative * members.Length);
                end = Math.Clamp(end, start, members.Length);
                shards[p].AddRange(members[start..end]);
                start = end;
            }
        }
        return shards.Select(s => s.Order().ToArray()).ToArray();
    }

    static void Check(int count, int parties)
    {
        if (parties < 1) throw new ArgumentOutOfRangeException(nameof(parties), $"need at least one party, got {parties}");
        if (count < parties) throw new ArgumentOutOfRangeException(nameof(parties), $"{parties} parties for {count} examples: every party needs one");
    }
}
