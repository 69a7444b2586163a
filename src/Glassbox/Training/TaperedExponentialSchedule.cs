using System.Text.Json.Serialization;

namespace Glassbox.Training;

/// <summary>
/// The exact no-weight-decay equivalent ("tapered exponential", TEXP) of SGD on <paramref name="Base"/> with
/// weight decay λ and momentum γ, for a loss invariant to the scale of the weights.
/// </summary>
/// <remarks>
/// <para>PyTorch's update v ← γv + g + λθ, θ ← θ − η_t v is, for t ≥ 1, the two-step recurrence
/// θ_{t+1} = (1 − η_tλ + γr_t)θ_t − γr_tθ_{t−1} − η_t g_t with r_t = η_t/η_{t−1}. Put θ̃_t = c_tθ_t in the same
/// recurrence without λ (a scale-invariant loss has g̃_t = g_t/c_t) and match coefficients: with
/// k_t = c_{t+1}/c_t, η̃_t = η_t c_t c_{t+1} and 1/k_t = 1 − η_tλ + γr_t(1 − k_{t−1}).</para>
/// <para>Step 0 has no θ_{−1}; the first buffer plays its part. With c₀ = 1, any k_{−1}, r₀ = 1 and
/// ṽ₀ = (1 − k_{−1})/η₀ · θ₀ the first steps agree as well (<see cref="InitialBufferFactor"/>).
/// <see cref="BufferStart.Steady"/> takes k_{−1} = 1/α(η₀), the fixed point, so a constant rate gives exactly
/// η α^(−2t−1); <see cref="BufferStart.Zero"/> takes k_{−1} = 1, so ṽ₀ = 0.</para>
/// <para>The recurrence runs from step 0; states are kept every 1024 steps and at the last step read, so
/// reading steps in order costs O(1) each and any step at most 1024 steps of work once reached.</para>
/// </remarks>
public sealed record TaperedExponentialSchedule(LearningRateSchedule Base, double WeightDecay, double Momentum,
    BufferStart Start = BufferStart.Steady) : LearningRateSchedule
{
    public LearningRateSchedule Base { get; init; } = Base ?? throw new ArgumentNullException(nameof(Base));
    public double WeightDecay { get; init; } = ExponentialEquivalent.CheckWeightDecay(WeightDecay);
    public double Momentum { get; init; } = ExponentialEquivalent.CheckMomentum(Momentum);

    // Built now so that λη beyond the bound is refused at construction; a `with` copy builds its own on first use.
    Tape? _tape = new(Base, WeightDecay, Momentum, Start);

    // `with` copies fields; the copy must not share a tape computed for other parameters.
    TaperedExponentialSchedule(TaperedExponentialSchedule original) : base(original)
    {
        Base = original.Base;
        WeightDecay = original.WeightDecay;
        Momentum = original.Momentum;
        Start = original.Start;
    }

    /// <summary>η̃_t = η_t c_t c_{t+1}.</summary>
    public override double Rate(long step)
    {
        RequireStep(step);
        return Tape.Rate(step);
    }

    /// <summary>c_t: the converted run's weights are θ̃_t = c_t θ_t (c₀ = 1).</summary>
    public double WeightScale(long step)
    {
        RequireStep(step);
        return Tape.State(step).Scale;
    }

    /// <summary>b with ṽ₀ = b θ₀: (1 − k_{−1})/η₀.</summary>
    [JsonIgnore]
    public double InitialBufferFactor => (1 - Tape.KBefore) / Base.Rate(0);

    public bool Equals(TaperedExponentialSchedule? other) =>
        other is not null && Base.Equals(other.Base) && WeightDecay == other.WeightDecay && Momentum == other.Momentum && Start == other.Start;

    public override int GetHashCode() => HashCode.Combine(Base, WeightDecay, Momentum, Start);

    Tape Tape => LazyInitializer.EnsureInitialized(ref _tape, () => new Tape(Base, WeightDecay, Momentum, Start));
}

/// <summary>The recurrence of <see cref="TaperedExponentialSchedule"/>, with a state kept every <see cref="Stride"/> steps.</summary>
sealed class Tape
{
    const int Stride = 1024;

    readonly LearningRateSchedule _base;
    readonly double _lambda, _gamma;
    readonly List<(double KPrevious, double Scale)> _marks = [];
    readonly Lock _gate = new();
    (long Step, double KPrevious, double Scale) _cursor;

    public Tape(LearningRateSchedule schedule, double weightDecay, double momentum, BufferStart start)
    {
        _base = schedule;
        _lambda = weightDecay;
        _gamma = momentum;
        double alpha = ExponentialEquivalent.Alpha(schedule.Rate(0), weightDecay, momentum);
        KBefore = start == BufferStart.Steady ? 1 / alpha : 1;
        _marks.Add((KBefore, 1));
        _cursor = (0, KBefore, 1);
    }

    /// <summary>k_{−1}, which fixes the first buffer.</summary>
    public double KBefore { get; }

    /// <summary>η̃_t = η_t c_t c_{t+1}.</summary>
    public double Rate(long step)
    {
        var (kPrevious, scale) = State(step);
        var (rate, k) = Next(step, kPrevious);
        return rate * scale * (scale * k);
    }

    /// <summary>(k_{t−1}, c_t): what step t starts from.</summary>
    public (double KPrevious, double Scale) State(long step)
    {
        lock (_gate)
        {
            // Every path to a step does the same operations in the same order, so resuming from the cursor
            // (sequential reads) or from a mark gives the same bits.
            long markStep = step / Stride * Stride;
            var (t, kPrevious, scale) = _cursor;
            if (t > step || t < markStep)
            {
                t = markStep;
                (kPrevious, scale) = Mark(step / Stride);
            }
            for (; t < step; t++)
            {
                kPrevious = Next(t, kPrevious).K;
                scale = Finite(scale * kPrevious, t + 1);
            }
            _cursor = (step, kPrevious, scale);
            return (kPrevious, scale);
        }
    }

    /// <summary>(k_{s−1}, c_s) at s = index × Stride; called under the lock.</summary>
    (double KPrevious, double Scale) Mark(long index)
    {
        while (_marks.Count <= index)
        {
            var (kPrevious, scale) = _marks[^1];
            long first = (long)(_marks.Count - 1) * Stride;
            for (long t = first; t < first + Stride; t++)
            {
                kPrevious = Next(t, kPrevious).K;
                scale = Finite(scale * kPrevious, t + 1);
            }
            _marks.Add((kPrevious, scale));
        }
        return _marks[(int)index];
    }

    /// <summary>η_t and k_t = 1/(1 − η_tλ + γr_t(1 − k_{t−1})), r₀ = 1.</summary>
    (double Rate, double K) Next(long t, double kPrevious)
    {
        double rate = _base.Rate(t);
        if (!(rate > 0) || !double.IsFinite(rate))
            throw new ArgumentException($"the conversion needs η_t > 0 at every step; step {t} has η_t = {rate}");
        double ratio = t == 0 ? 1 : rate / _base.Rate(t - 1);
        double inverse = 1 - rate * _lambda + _gamma * ratio * (1 - kPrevious);
        if (!(inverse > 0))
            throw new ArgumentException(
                $"no equivalent without weight decay at step {t}: 1 − ηλ + γr(1 − k) = {inverse:g6} ≤ 0 " +
                $"(η_t = {rate:g6}, r_t = {ratio:g6}, λ = {_lambda:g6}, γ = {_gamma:g6}); the rate grows too fast for this weight decay");
        return (rate, 1 / inverse);
    }

    static double Finite(double scale, long step) => double.IsFinite(scale) ? scale
        : throw new ArgumentException($"the weight scale c_t overflows a double at step {step}");
}
