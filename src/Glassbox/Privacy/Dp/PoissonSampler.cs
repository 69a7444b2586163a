namespace Glassbox.Privacy.Dp;

/// <summary>
/// Poisson sampling, the sampling the RDP accountant assumes: every step includes each of the N examples independently
/// with probability q, so batch sizes vary (and may be 0).
/// </summary>
public sealed class PoissonSampler(int count, double sampleRate, KeySource random)
{
    public int Count { get; } = count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(count), $"need at least one example, got {count}");
    public double SampleRate { get; } = sampleRate > 0 && sampleRate <= 1 ? sampleRate
        : throw new ArgumentOutOfRangeException(nameof(sampleRate), $"the sample rate q must be in (0, 1], got {sampleRate}");

    /// <summary>The indices of one step's batch, in increasing order.</summary>
    public int[] Next()
    {
        var batch = new List<int>((int)(Count * SampleRate * 1.2) + 8);
        for (int i = 0; i < Count; i++)
            if (random.NextDouble() < SampleRate) batch.Add(i);
        return batch.ToArray();
    }
}
