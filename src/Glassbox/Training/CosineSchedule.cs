namespace Glassbox.Training;

/// <summary>
/// Cosine annealing from <paramref name="Initial"/> at step 0 to <paramref name="Floor"/> at step
/// <paramref name="Steps"/>, then <paramref name="Floor"/> for ever.
/// </summary>
public sealed record CosineSchedule(double Initial, long Steps, double Floor = 0) : LearningRateSchedule
{
    public double Initial { get; init; } = Positive(Initial, nameof(Initial));

    public long Steps { get; init; } = Steps >= 1 ? Steps : throw new ArgumentOutOfRangeException(null, $"Steps must be ≥ 1, got {Steps}");

    public double Floor { get; init; } = Floor >= 0 && Floor < Initial
        ? Floor : throw new ArgumentOutOfRangeException(null, $"Floor must be in [0, Initial = {Initial:g6}), got {Floor:g6}");

    public override double Rate(long step)
    {
        RequireStep(step);
        if (step >= Steps) return Floor;
        return Floor + (Initial - Floor) * (1 + Math.Cos(Math.PI * step / Steps)) / 2;
    }
}
