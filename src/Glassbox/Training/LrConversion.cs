namespace Glassbox.Training;

/// <summary>
/// What <see cref="ExponentialEquivalent.Convert"/> found: the run with weight decay (rates
/// <see cref="Original"/>, zero momentum buffer) and the run without (rates <see cref="Converted"/>, buffer
/// ṽ₀ = <see cref="InitialBufferFactor"/> · θ₀, same θ₀) satisfy θ̃_t = <see cref="WeightScale"/>(t) · θ_t.
/// <see cref="Alpha"/> is α at the first rate η₀.
/// </summary>
public sealed record LrConversion(LearningRateSchedule Original, double WeightDecay, double Momentum, BufferStart Start,
    LearningRateSchedule Converted, double Alpha, double InitialBufferFactor)
{
    /// <summary>α^(−2): the converted rate's growth per step while the rate stays η₀.</summary>
    public double PerStepGrowth => 1 / (Alpha * Alpha);

    /// <summary>α^(−2·stepsPerEpoch).</summary>
    public double PerEpochGrowth(int stepsPerEpoch) => Math.Pow(Alpha, -2.0 * stepsPerEpoch);

    /// <summary>c_t with θ̃_t = c_t θ_t: α^(−t) for the pure exponential (constant rate, steady start).</summary>
    public double WeightScale(long step) => Converted is TaperedExponentialSchedule tapered
        ? tapered.WeightScale(step)
        : Math.Pow(Alpha, -(double)step);

    /// <summary>
    /// Evaluates steps 0..<paramref name="steps"/> − 1 and c at the end, so a schedule that cannot be converted fails now, naming
    /// its step: also when a rate, or c, leaves the range of the run's numbers (<paramref name="limit"/>, float32's 3.4e38 for
    /// a float32 run) — η̃ = η_t c_t c_(t+1) overflows before c does. <paramref name="stepsPerEpoch"/> (0: unknown) names the epoch too.
    /// </summary>
    public void Check(long steps, NumberRange? limit = null, int stepsPerEpoch = 0)
    {
        NumberRange range = limit ?? NumberRange.Double;
        string Where(long t) => stepsPerEpoch > 0 ? $"step {t} (epoch {t / stepsPerEpoch}, counting from 0)" : $"step {t}";
        for (long t = 0; t < steps; t++)
        {
            double converted = Converted.Rate(t);
            if (!(converted <= range.Max))
                throw new ArgumentException($"the converted rate η̃ leaves the range of {range.Name} at {Where(t)}: η̃ = {converted:g4} " +
                    $"> {range.Max:g4}; run fewer steps, or use a smaller weight decay or rate");
        }
        double scale = WeightScale(Math.Max(steps, 0));
        if (!(scale <= range.Max))
            throw new ArgumentException($"the weight scale c_t leaves the range of {range.Name} by {Where(steps)}: c = {scale:g4}; run fewer steps");
    }

    /// <summary>The numbers of the conversion, with rows at the first step of each of <paramref name="epochs"/>.</summary>
    public ConversionSummary Summary(int stepsPerEpoch, IEnumerable<int> epochs)
    {
        if (stepsPerEpoch < 1) throw new ArgumentOutOfRangeException(null, $"steps per epoch must be ≥ 1, got {stepsPerEpoch}");
        var rows = epochs.Select(e => (Epoch: e, Step: (long)e * stepsPerEpoch))
            .Select(r => new ConversionRow(r.Epoch, r.Step, Original.Rate(r.Step), Converted.Rate(r.Step), WeightScale(r.Step)))
            .ToList();
        return new ConversionSummary(Original, Converted, WeightDecay, Momentum, Start, stepsPerEpoch, Alpha, PerStepGrowth,
            PerEpochGrowth(stepsPerEpoch), InitialBufferFactor, rows);
    }
}

/// <summary>The largest finite value of a run's number type, with its name for messages.</summary>
public sealed record NumberRange(string Name, double Max)
{
    public static readonly NumberRange Double = new("float64 (a double)", double.MaxValue);
    public static readonly NumberRange Single = new("float32", float.MaxValue);

    public static NumberRange Of(TorchSharp.torch.ScalarType type) => type == TorchSharp.torch.ScalarType.Float32 ? Single : Double;
}
