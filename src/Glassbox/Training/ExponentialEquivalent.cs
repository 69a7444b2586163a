namespace Glassbox.Training;

/// <summary>
/// Li &amp; Arora (ICLR 2020): for a scale-invariant loss, SGD with momentum γ, weight decay λ and rate η is SGD
/// with momentum γ, no weight decay and a rate growing like α^(−2t), α the larger root of
/// x² − (1 + γ − λη)x + γ = 0. This class finds α and converts whole schedules.
/// </summary>
public static class ExponentialEquivalent
{
    /// <summary>(1 − √γ)²: the largest λη for which α is real.</summary>
    public static double Bound(double momentum) => Math.Pow(1 - Math.Sqrt(CheckMomentum(momentum)), 2);

    /// <summary>The larger root α of x² − (1 + γ − λη)x + γ; refuses λη beyond (1 − √γ)², where the roots are complex.</summary>
    public static double Alpha(double rate, double weightDecay, double momentum)
    {
        CheckMomentum(momentum);
        CheckWeightDecay(weightDecay);
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(null, $"the learning rate must be a finite number > 0, got {rate:g6}");
        double product = weightDecay * rate, bound = Bound(momentum);
        if (product > bound || product >= 1)
            throw new ArgumentOutOfRangeException(null,
                $"weight decay × learning rate = {weightDecay:g6} × {rate:g6} = {product:g6} exceeds (1 − √momentum)² = {bound:g6} " +
                $"(momentum {momentum:g6}){(momentum == 0 ? " or reaches 1" : "")}: x² − (1 + γ − λη)x + γ = 0 has no positive real root, so no exponential schedule is equivalent");
        // (1 + γ − λη)² − 4γ written as (1 − γ − λη)² − 4γλη: no cancellation of two numbers near 4γ.
        double a = 1 + momentum - product, discriminant = (1 - momentum - product) * (1 - momentum - product) - 4 * momentum * product;
        return (a + Math.Sqrt(Math.Max(discriminant, 0))) / 2;
    }

    /// <summary>
    /// The schedule without weight decay that is equivalent to <paramref name="schedule"/> with
    /// <paramref name="weightDecay"/>: a constant rate with a steady start becomes η α^(−2t−1); anything else
    /// the tapered exponential <see cref="TaperedExponentialSchedule"/>.
    /// </summary>
    public static LrConversion Convert(LearningRateSchedule schedule, double weightDecay, double momentum, BufferStart start = BufferStart.Steady)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        double rate = schedule.Rate(0), alpha = Alpha(rate, weightDecay, momentum);
        if (schedule is ConstantSchedule && start == BufferStart.Steady)
            return new LrConversion(schedule, weightDecay, momentum, start,
                new ExponentialSchedule(rate / alpha, 1 / (alpha * alpha)), alpha, (alpha - 1) / (alpha * rate));
        var tapered = new TaperedExponentialSchedule(schedule, weightDecay, momentum, start);
        return new LrConversion(schedule, weightDecay, momentum, start, tapered, alpha, tapered.InitialBufferFactor);
    }

    internal static double CheckMomentum(double momentum) => momentum >= 0 && momentum < 1
        ? momentum : throw new ArgumentOutOfRangeException(null, $"momentum must be in [0, 1), got {momentum:g6}");

    internal static double CheckWeightDecay(double weightDecay) => weightDecay >= 0 && double.IsFinite(weightDecay)
        ? weightDecay : throw new ArgumentOutOfRangeException(null, $"weight decay must be a finite number ≥ 0, got {weightDecay:g6}");
}
