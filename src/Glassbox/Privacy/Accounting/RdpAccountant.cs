namespace Glassbox.Privacy.Accounting;

/// <summary>
/// The privacy spent by a run of sampled Gaussian steps: RDP composes by adding over steps at each order; the
/// (ε, δ) guarantee is the best over the orders.
/// </summary>
/// <remarks>A plain value (the list of (q, σ, steps) phases), so a party's spending can be sent, stored and added.</remarks>
public sealed record RdpAccountant
{
    /// <summary>Opacus's default orders: 1.1, 1.2, …, 10.9, then 12, 13, …, 63.</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } =
        [.. Enumerable.Range(1, 99).Select(x => 1 + x / 10.0), .. Enumerable.Range(12, 52).Select(x => (double)x)];

    /// <summary>The phases run so far: steps with sample rate q and noise multiplier σ.</summary>
    public IReadOnlyList<SampledGaussianPhase> Phases { get; init; } = [];

    /// <summary>This accountant with <paramref name="steps"/> more steps at (q, σ).</summary>
    public RdpAccountant Add(double sampleRate, double noise, long steps)
    {
        var phase = new SampledGaussianPhase(sampleRate, noise, steps);
        if (Phases.Count > 0 && Phases[^1] is var last && last.SampleRate == sampleRate && last.Noise == noise)
            return this with { Phases = [.. Phases.Take(Phases.Count - 1), last with { Steps = last.Steps + steps }] };
        return this with { Phases = [.. Phases, phase] };
    }

    /// <summary>The composed RDP at each order: Σ over phases of steps × RDP(q, σ, α).</summary>
    public double[] Rdp(IReadOnlyList<double> orders) =>
        orders.Select(alpha => Phases.Sum(p => p.Steps == 0 ? 0 : p.Steps * SampledGaussianRdp.Rdp(p.SampleRate, p.Noise, alpha))).ToArray();

    /// <summary>The smallest ε over <paramref name="orders"/> (default <see cref="DefaultOrders"/>) at this δ.</summary>
    public PrivacySpent Spent(double delta, RdpConversion conversion = RdpConversion.Improved, IReadOnlyList<double>? orders = null)
    {
        orders ??= DefaultOrders;
        return Best(orders, Rdp(orders), delta, conversion);
    }

    /// <summary>ε of <paramref name="steps"/> steps at (q, σ).</summary>
    public static PrivacySpent Epsilon(double sampleRate, double noise, long steps, double delta,
        RdpConversion conversion = RdpConversion.Improved, IReadOnlyList<double>? orders = null) =>
        new RdpAccountant().Add(sampleRate, noise, steps).Spent(delta, conversion, orders);

    /// <summary>(ε at the best order) from an RDP curve.</summary>
    public static PrivacySpent Best(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta, RdpConversion conversion)
    {
        if (orders.Count == 0 || orders.Count != rdp.Count) throw new ArgumentException($"need as many RDP values as orders (≥ 1), got {rdp.Count} and {orders.Count}");
        CheckDelta(delta);
        double best = double.PositiveInfinity, bestOrder = double.NaN;
        for (int i = 0; i < orders.Count; i++)
        {
            double alpha = orders[i];
            if (!(alpha > 1)) throw new ArgumentOutOfRangeException(nameof(orders), $"RDP orders must be > 1, got {alpha}");
            double epsilon = conversion == RdpConversion.Classic
                ? rdp[i] - Math.Log(delta) / (alpha - 1)
                : rdp[i] - (Math.Log(delta) + Math.Log(alpha)) / (alpha - 1) + Math.Log((alpha - 1) / alpha);
            if (epsilon < best) (best, bestOrder) = (epsilon, alpha);
        }
        return new PrivacySpent(best, bestOrder, delta, conversion);
    }

    /// <summary>
    /// The smallest noise multiplier σ (to a relative 10⁻⁹) whose <paramref name="steps"/> steps at rate q spend at most
    /// <paramref name="epsilon"/> at δ. ε falls as σ grows, so bisection between a σ that spends too much and one that does not.
    /// </summary>
    public static double NoiseFor(double epsilon, double sampleRate, long steps, double delta,
        RdpConversion conversion = RdpConversion.Improved, IReadOnlyList<double>? orders = null)
    {
        if (!(epsilon > 0) || double.IsPositiveInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"the target ε must be finite and > 0, got {epsilon}");
        CheckSteps(steps);
        double Spend(double sigma) => Epsilon(sampleRate, sigma, steps, delta, conversion, orders).Epsilon;
        double low = 0, high = 1;
        while (Spend(high) > epsilon)
        {
            low = high;
            high *= 2;
            if (high > 1e6) throw new ArgumentOutOfRangeException(nameof(epsilon), $"no noise multiplier up to 10⁶ reaches ε = {epsilon} in {steps} steps at q = {sampleRate}, δ = {delta}");
        }
        while (high - low > 1e-9 * high)
        {
            double middle = (low + high) / 2;
            if (Spend(middle) > epsilon) low = middle; else high = middle;
        }
        return high;
    }

    internal static void CheckDelta(double delta)
    {
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in (0, 1), got {delta}");
    }

    internal static void CheckSteps(long steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"the number of steps must be ≥ 1, got {steps}");
    }
}

/// <summary><paramref name="Steps"/> steps of the sampled Gaussian mechanism at sample rate q and noise multiplier σ.</summary>
public sealed record SampledGaussianPhase
{
    public SampledGaussianPhase(double sampleRate, double noise, long steps)
    {
        SampledGaussianRdp.Rdp(sampleRate, noise, 2); // checks q and σ
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"the number of steps must be ≥ 0, got {steps}");
        (SampleRate, Noise, Steps) = (sampleRate, noise, steps);
    }

    public double SampleRate { get; init; }
    public double Noise { get; init; }
    public long Steps { get; init; }
}
