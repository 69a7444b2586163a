namespace Glassbox.Training;

/// <summary>
/// η_t = Initial · Factor^m, m the number of milestones ≤ t: the rate is already multiplied at the
/// milestone step itself (PyTorch's MultiStepLR, with milestones counted in steps).
/// </summary>
public sealed record StepDecaySchedule(double Initial, IReadOnlyList<long> Milestones, double Factor) : LearningRateSchedule
{
    public double Initial { get; init; } = Positive(Initial, nameof(Initial));
    public IReadOnlyList<long> Milestones { get; init; } = Increasing(Milestones);
    public double Factor { get; init; } = Positive(Factor, nameof(Factor));

    public override double Rate(long step)
    {
        RequireStep(step);
        int passed = 0;
        while (passed < Milestones.Count && Milestones[passed] <= step) passed++;
        return Initial * Math.Pow(Factor, passed);
    }

    // Value equality: the milestones are compared element by element, not as list references.
    public bool Equals(StepDecaySchedule? other) =>
        other is not null && Initial == other.Initial && Factor == other.Factor && Milestones.SequenceEqual(other.Milestones);

    public override int GetHashCode() => HashCode.Combine(Initial, Factor, Milestones.Count, Milestones.Count > 0 ? Milestones[0] : 0);

    static long[] Increasing(IReadOnlyList<long> milestones)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        for (int i = 0; i < milestones.Count; i++)
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1]))
                throw new ArgumentException($"milestones must be increasing steps ≥ 1, found {milestones[i]} at index {i}");
        return milestones.ToArray();
    }
}
