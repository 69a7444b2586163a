namespace Glassbox.Training;

/// <summary>η_t = Initial · Growth^t: Growth &gt; 1 is the exponentially growing rate of Li &amp; Arora (ICLR 2020).</summary>
public sealed record ExponentialSchedule(double Initial, double Growth) : LearningRateSchedule
{
    public double Initial { get; init; } = Positive(Initial, nameof(Initial));
    public double Growth { get; init; } = Positive(Growth, nameof(Growth));

    public override double Rate(long step)
    {
        RequireStep(step);
        return Initial * Math.Pow(Growth, step);
    }
}
