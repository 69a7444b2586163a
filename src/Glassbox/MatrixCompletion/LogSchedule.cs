namespace Glassbox.MatrixCompletion;

/// <summary>Iteration 0, then the distinct values of ⌊10^(i/perDecade)⌋: about <c>perDecade</c> iterations per power of ten.</summary>
public sealed class LogSchedule(int perDecade)
{
    int _index;
    long _next;

    /// <summary>Whether iteration <paramref name="t"/> (called with increasing t) is on the schedule.</summary>
    public bool Contains(long t)
    {
        if (t < _next) return false;
        while (_next <= t) _next = Math.Max(_next, (long)Math.Floor(Math.Pow(10, (double)++_index / perDecade) + 1e-9));
        return true;
    }
}
