namespace Glassbox.Training;

/// <summary>η_t = <paramref name="Value"/> for every step.</summary>
public sealed record ConstantSchedule(double Value) : LearningRateSchedule
{
    public double Value { get; init; } = Positive(Value, nameof(Value));

    public override double Rate(long step)
    {
        RequireStep(step);
        return Value;
    }
}
