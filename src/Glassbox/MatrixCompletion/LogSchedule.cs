namespace Glassbox.MatrixCompletion;

/// <summary>Iterations 0, 1, 2, … then about <c>perDecade</c> log-spaced ones per power of ten.</summary>
public sealed class LogSchedule(int perDecade)
{
    int _index;

    /// <summary>Whether iteration <paramref name="t"/> (called with increasing t) is on the schedule.</summary>
    public bool Contains(long t)
    {
        if (t < Next()) return false;
        while (Next() <= t) _index++;
        return true;
    }

    // The i-th scheduled iteration: i itself while that is denser, else ⌊10^(i/perDecade)⌋.
    long Next() => _index == 0 ? 0 : Math.Max(_index, (long)Math.Floor(Math.Pow(10, (double)_index / perDecade) + 1e-9));
}
