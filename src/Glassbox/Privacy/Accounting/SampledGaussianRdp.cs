namespace Glassbox.Privacy.Accounting;

/// <summary>
/// Rényi DP of the sampled Gaussian mechanism (each example included with probability q, Gaussian noise of standard
/// deviation σ times the sensitivity): RDP(α) = ln A_α / (α − 1), A_α = E_{z∼μ₀}[(μ(z)/μ₀(z))^α] with μ₀ = N(0, σ²),
/// μ = (1 − q)μ₀ + qN(1, σ²) (Mironov, Talwar &amp; Zhang 2019, section 3.3).
/// </summary>
/// <remarks>Integer orders by the binomial expansion, fractional ones by the two-series method, all in log space —
/// the procedure of TF-Privacy's and Opacus's accountants, written here from the paper.</remarks>
public static class SampledGaussianRdp
{
    /// <summary>RDP at order α &gt; 1 of one step; 0 when q = 0, +∞ when σ = 0, α/(2σ²) when q = 1.</summary>
    public static double Rdp(double sampleRate, double noise, double order)
    {
        Check(sampleRate, noise, order);
        if (sampleRate == 0) return 0;
        if (noise == 0) return double.PositiveInfinity;
        if (sampleRate == 1) return order / (2 * noise * noise);
        if (double.IsPositiveInfinity(order)) return double.PositiveInfinity;
        return LogA(sampleRate, noise, order) / (order - 1);
    }

    /// <summary>ln A_α.</summary>
    public static double LogA(double q, double sigma, double alpha) =>
        alpha == Math.Floor(alpha) && alpha < int.MaxValue ? LogAInteger(q, sigma, (int)alpha) : LogAFractional(q, sigma, alpha);

    /// <summary>A_α = Σ_{i=0}^{α} C(α, i) qⁱ (1 − q)^(α−i) e^((i² − i)/(2σ²)).</summary>
    static double LogAInteger(double q, double sigma, int alpha)
    {
        double logA = double.NegativeInfinity, logBinomial = 0, logQ = Math.Log(q), logRest = LogOneMinus(q);
        for (int i = 0; i <= alpha; i++)
        {
            if (i > 0) logBinomial += Math.Log((double)(alpha - i + 1) / i);
            double term = logBinomial + i * logQ + (alpha - i) * logRest + (double)(i * (long)i - i) / (2 * sigma * sigma);
            logA = LogSpace.Add(logA, term);
        }
        return logA;
    }

    /// <summary>
    /// A_α split at z₀ = σ² ln(1/q − 1) + ½, where the integrand's two binomial expansions converge: two alternating
    /// series of Gaussian tail integrals, summed until both terms fall below e^(−30).
    /// </summary>
    static double LogAFractional(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5, logQ = Math.Log(q), logRest = LogOneMinus(q);
        double logHalf = Math.Log(0.5), root2Sigma = Math.Sqrt(2) * sigma, twoVariance = 2 * sigma * sigma;
        double logAbsBinomial = 0;
        bool positive = true;
        for (int i = 0; ; i++)
        {
            if (i > 0)
            {
                // C(α, i) = C(α, i − 1)·(α − i + 1)/i: the sign flips with each factor α − i + 1 < 0.
                double factor = (alpha - i + 1) / i;
                logAbsBinomial += Math.Log(Math.Abs(factor));
                if (factor < 0) positive = !positive;
            }
            double j = alpha - i;
            double logT0 = logAbsBinomial + i * logQ + j * logRest;
            double logT1 = logAbsBinomial + j * logQ + i * logRest;
            double logE0 = logHalf + LogSpace.LogErfc((i - z0) / root2Sigma);
            double logE1 = logHalf + LogSpace.LogErfc((z0 - j) / root2Sigma);
            double logS0 = logT0 + ((double)i * i - i) / twoVariance + logE0;
            double logS1 = logT1 + (j * j - j) / twoVariance + logE1;
            if (positive)
            {
                logA0 = LogSpace.Add(logA0, logS0);
                logA1 = LogSpace.Add(logA1, logS1);
            }
            else
            {
                logA0 = LogSpace.Subtract(logA0, logS0);
                logA1 = LogSpace.Subtract(logA1, logS1);
            }
            if (Math.Max(logS0, logS1) < -30) break;
            if (i > 1_000_000) throw new ArithmeticException($"the RDP series at order {alpha} (q = {q}, σ = {sigma}) did not converge in 10⁶ terms");
        }
        return LogSpace.Add(logA0, logA1);
    }

    static double LogOneMinus(double q) => LogSpace.LogOnePlus(-q);

    static void Check(double sampleRate, double noise, double order)
    {
        if (!(sampleRate >= 0 && sampleRate <= 1)) throw new ArgumentOutOfRangeException(nameof(sampleRate), $"the sample rate q must be in [0, 1], got {sampleRate}");
        if (!(noise >= 0) || double.IsPositiveInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), $"the noise multiplier σ must be finite and ≥ 0, got {noise}");
        if (!(order > 1)) throw new ArgumentOutOfRangeException(nameof(order), $"an RDP order must be > 1, got {order}");
    }
}
