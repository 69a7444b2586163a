using FsCheck.Xunit;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

public sealed class ConverterTests
{
    [Fact]
    public void Alpha_and_the_growth_factors_for_the_usual_cifar_settings()
    {
        // η = 0.1, γ = 0.9, λ = 5e-4: α = [(1.89995) + √(1.89995² − 3.6)]/2; 391 steps per epoch (batch 128).
        LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 5e-4, 0.9);
        Assert.Equal((1.89995 + Math.Sqrt(1.89995 * 1.89995 - 3.6)) / 2, conversion.Alpha, 1e-13);
        Assert.Equal(1.481, conversion.PerEpochGrowth(391), 3);
        Assert.Equal(Math.Pow(conversion.Alpha, -2), conversion.PerStepGrowth, 1e-15);
        Assert.Equal((conversion.Alpha - 1) / (conversion.Alpha * 0.1), conversion.InitialBufferFactor, 1e-15);
        // ≈ 1 − λη/(1 − γ)
        Assert.Equal(1 - 5e-5 / 0.1, conversion.Alpha, 1e-5);
    }

    [Fact]
    public void A_constant_rate_becomes_eta_alpha_to_the_minus_two_t_minus_one()
    {
        LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 1e-2, 0.9);
        double alpha = conversion.Alpha;
        for (long t = 0; t <= 2000; t += 7)
        {
            double expected = 0.1 * Math.Pow(alpha, -2 * t - 1);
            Assert.True(Math.Abs(conversion.Converted.Rate(t) / expected - 1) < 1e-12, $"step {t}");
            Assert.Equal(Math.Pow(alpha, -t), conversion.WeightScale(t));
        }
    }

    [Fact]
    public void The_tapered_form_of_a_constant_rate_settles_on_the_same_exponential()
    {
        // Steady start: the tapered recurrence sits at its fixed point k = 1/α from the first step.
        LrConversion exact = ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 5e-4, 0.9);
        var tapered = new TaperedExponentialSchedule(new ConstantSchedule(0.1), 5e-4, 0.9);
        Assert.Equal(exact.InitialBufferFactor, tapered.InitialBufferFactor, 1e-15);
        for (long t = 0; t < 5000; t += 13)
            Assert.True(Math.Abs(tapered.Rate(t) / exact.Converted.Rate(t) - 1) < 1e-11, $"step {t}");
        // Zero start: no buffer, a warm-up, then the same growth per step.
        var zero = new TaperedExponentialSchedule(new ConstantSchedule(0.1), 5e-4, 0.9, BufferStart.Zero);
        Assert.Equal(0, zero.InitialBufferFactor);
        Assert.Equal(exact.PerStepGrowth, zero.Rate(3001) / zero.Rate(3000), 1e-12);
    }

    [Theory]
    [InlineData(0.1, 5e-4, 1.0, "momentum must be in [0, 1)")]
    [InlineData(0.1, 5e-4, -0.1, "momentum must be in [0, 1)")]
    [InlineData(0.1, -1e-4, 0.9, "weight decay must be a finite number ≥ 0")]
    [InlineData(0.0, 5e-4, 0.9, "Value must be a finite number > 0")]
    [InlineData(1.0, 0.01, 0.9, "exceeds (1 − √momentum)² = 0.00263")]
    [InlineData(2.0, 0.5, 0.0, "or reaches 1")]
    public void Impossible_conversions_are_refused_with_the_bound_and_the_values(double rate, double weightDecay, double momentum, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ExponentialEquivalent.Convert(new ConstantSchedule(rate), weightDecay, momentum));
        Assert.Contains(expected, e.Message);
        if (expected.StartsWith("exceeds")) Assert.Contains("0.01 × 1 = 0.01", e.Message);
    }

    [Fact]
    public void A_tapered_schedule_beyond_the_bound_is_refused_when_made()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TaperedExponentialSchedule(new ConstantSchedule(1), 0.01, 0.9));
        Assert.Contains("exceeds (1 − √momentum)²", e.Message);
    }

    [Fact]
    public void Exactly_at_the_bound_alpha_is_the_double_root()
    {
        double bound = ExponentialEquivalent.Bound(0.81);
        Assert.Equal(0.9, ExponentialEquivalent.Alpha(1, bound, 0.81), 1e-7);
        Assert.Equal(1, ExponentialEquivalent.Alpha(0.1, 0, 0.9));
    }

    [Fact]
    public void A_rate_that_reaches_zero_or_grows_too_fast_fails_naming_its_step()
    {
        var toZero = ExponentialEquivalent.Convert(new CosineSchedule(0.1, 100), 5e-4, 0.9);
        toZero.Check(100);
        var e = Assert.Throws<ArgumentException>(() => toZero.Check(101));
        Assert.Contains("step 100 has η_t = 0", e.Message);

        var growing = ExponentialEquivalent.Convert(new ExponentialSchedule(0.1, 1.05), 1e-2, 0.9);
        e = Assert.Throws<ArgumentException>(() => growing.Check(1000));
        Assert.Contains("no equivalent without weight decay at step", e.Message);
    }

    /// <summary>α solves its quadratic, is at most 1 and at least √γ, for (η, λ, γ) anywhere inside the bound.</summary>
    [Property(MaxTest = 300)]
    public bool Alpha_is_the_larger_root_inside_the_bound(byte a, byte b, byte c)
    {
        // share < 1 strictly: at share = 1, (bound / rate) · rate can round above the bound and be refused.
        double momentum = a / 256.0 * 0.999, rate = 0.001 + b / 25.0, share = c / 256.0;
        double weightDecay = share * ExponentialEquivalent.Bound(momentum) * (momentum == 0 ? 0.999 : 1) / rate;
        double alpha = ExponentialEquivalent.Alpha(rate, weightDecay, momentum);
        double residual = alpha * alpha - (1 + momentum - weightDecay * rate) * alpha + momentum;
        return Math.Abs(residual) < 1e-12 && alpha <= 1 && alpha >= Math.Sqrt(momentum) - 1e-7;
    }
}
