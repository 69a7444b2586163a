namespace Glassbox.Training;

/// <summary>η_t = Rates[t]; steps past the end keep the last rate.</summary>
public sealed record TabulatedSchedule(IReadOnlyList<double> Rates) : LearningRateSchedule
{
    public IReadOnlyList<double> Rates { get; init; } = Checked(Rates);

    public override double Rate(long step)
    {
        RequireStep(step);
        return Rates[(int)Math.Min(step, Rates.Count - 1)];
    }

    // Value equality: the rates are compared element by element, not as list references.
    public bool Equals(TabulatedSchedule? other) => other is not null && Rates.SequenceEqual(other.Rates);

    public override int GetHashCode() => HashCode.Combine(Rates.Count, Rates[0], Rates[^1]);

    static double[] Checked(IReadOnlyList<double> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count == 0) throw new ArgumentException("a table needs at least one rate");
        for (int i = 0; i < rates.Count; i++) Positive(rates[i], $"{nameof(Rates)}[{i}]");
        return rates.ToArray();
    }
}
