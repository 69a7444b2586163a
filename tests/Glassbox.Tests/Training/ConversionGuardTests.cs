using Glassbox.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

/// <summary>
/// The converter's and the optimiser's refusals, each checked for the right exception and the words that tell the user
/// what went wrong (mutants of these guards survived the first Stryker run: docs/results/mutation.md).
/// </summary>
public sealed class ConversionGuardTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Alpha_refuses_a_rate_that_is_not_finite_and_positive(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(rate, 1e-3, 0.9));
        Assert.Contains("learning rate must be a finite number > 0", error.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Alpha_refuses_a_momentum_outside_0_to_1(double momentum)
    {
        // Without the check, γ = 1 gives α = 1 − λη/2 + …, a plausible number.
        Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(0.1, 1e-3, momentum));
    }

    [Fact]
    public void The_no_root_message_says_reaches_1_only_without_momentum()
    {
        var withMomentum = Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(1, 0.5, 0.9));
        Assert.Contains("has no positive real root", withMomentum.Message);
        Assert.DoesNotContain("reaches 1", withMomentum.Message);
        var without = Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialEquivalent.Alpha(1, 1, 0));
        Assert.Contains("or reaches 1", without.Message);
    }

    [Fact]
    public void Convert_refuses_a_null_schedule_by_name() =>
        Assert.Throws<ArgumentNullException>(() => ExponentialEquivalent.Convert(null!, 1e-3, 0.9));

    [Fact]
    public void Check_names_the_epoch_only_when_it_knows_the_epoch_length()
    {
        // γ = 0: α = 1 − λη = 0.9 exactly in the algebra, η̃_t = η α^(−2t−1) = 0.01 · 0.9^(−2t−1) passes 10 at t = 33
        // (0.9^(−65) = 946, 0.9^(−67) = 1,168).
        LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.01), 10, 0);
        var limit = new NumberRange("a test range", 10);
        var withEpochs = Assert.Throws<ArgumentException>(() => conversion.Check(100, limit, stepsPerEpoch: 5));
        Assert.Contains("leaves the range of a test range at step 33 (epoch 6, counting from 0)", withEpochs.Message);
        Assert.Contains("run fewer steps", withEpochs.Message);
        var withoutEpochs = Assert.Throws<ArgumentException>(() => conversion.Check(100, limit));
        Assert.Contains("at step 33:", withoutEpochs.Message);
        Assert.DoesNotContain("epoch", withoutEpochs.Message);
    }

    [Fact]
    public void Check_refuses_a_weight_scale_that_leaves_the_range_before_any_rate_does()
    {
        // c_t = 0.9^(−t): c_21 = 9.15, c_22 = 10.17 > 10, while η̃_21 = 0.01 · 0.9^(−43) = 0.93 stays below 10.
        LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.01), 10, 0);
        var limit = new NumberRange("a test range", 10);
        conversion.Check(21, limit);
        var error = Assert.Throws<ArgumentException>(() => conversion.Check(22, limit));
        Assert.Contains("the weight scale c_t leaves the range of a test range by step 22", error.Message);
    }

    [Fact]
    public void Summary_refuses_fewer_than_one_step_per_epoch_and_takes_one()
    {
        LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 5e-4, 0.9);
        Assert.Throws<ArgumentOutOfRangeException>(() => conversion.Summary(0, [0, 1]));
        ConversionSummary summary = conversion.Summary(1, [0, 3]);
        Assert.Equal(3, summary.Rows[1].Step);
    }

    [Fact]
    public void The_number_range_follows_the_runs_dtype()
    {
        Assert.Equal(float.MaxValue, NumberRange.Of(ScalarType.Float32).Max);
        Assert.Equal(double.MaxValue, NumberRange.Of(ScalarType.Float64).Max);
    }

    [Fact]
    public void The_tapered_weight_scale_refuses_a_negative_step()
    {
        var tapered = new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [10], 0.1), 5e-4, 0.9, BufferStart.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => tapered.WeightScale(-1));
    }

    [Fact]
    public void Tapered_schedules_are_equal_only_when_every_setting_is()
    {
        var schedule = new StepDecaySchedule(0.1, [10], 0.1);
        var one = new TaperedExponentialSchedule(schedule, 5e-4, 0.9, BufferStart.Zero);
        Assert.Equal(one, new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [10], 0.1), 5e-4, 0.9, BufferStart.Zero));
        Assert.NotEqual(one, new TaperedExponentialSchedule(new StepDecaySchedule(0.2, [10], 0.1), 5e-4, 0.9, BufferStart.Zero));
        Assert.NotEqual(one, new TaperedExponentialSchedule(schedule, 1e-4, 0.9, BufferStart.Zero));
        Assert.NotEqual(one, new TaperedExponentialSchedule(schedule, 5e-4, 0.8, BufferStart.Zero));
        Assert.NotEqual(one, new TaperedExponentialSchedule(schedule, 5e-4, 0.9, BufferStart.Steady));
        Assert.False(one.Equals(null));
    }

    [Theory]
    [InlineData(400)]   // reached step by step from the cursor
    [InlineData(2000)]  // reached through the stored marks (every 1,024 steps)
    public void The_weight_scale_names_the_step_where_it_overflows_a_double(long step)
    {
        // γ = 0, λη = 0.9: k = 1/(1 − 0.9) = 10 (to 2 ulp), c_t = k^t; 10^308 < 1.8e308 < 10^309, so c_309 is the first infinity.
        var tapered = new TaperedExponentialSchedule(new ConstantSchedule(1), 0.9, 0, BufferStart.Zero);
        var error = Assert.Throws<ArgumentException>(() => tapered.WeightScale(step));
        Assert.Contains("overflows a double at step 309", error.Message);
    }

    [Fact]
    public void The_tapered_rate_refuses_a_rate_that_grows_too_fast_for_the_weight_decay()
    {
        // k_0 = 1/(1 − η₀λ) = 1/0.998 with a zero first buffer; at t = 1 the rate jumps 1000×: 1 − 1·2 + 0.9·1000·(1 − 1/0.998) < 0.
        var tapered = new TaperedExponentialSchedule(new TabulatedSchedule([0.001, 1, 1]), 2, 0.9, BufferStart.Zero);
        var error = Assert.Throws<ArgumentException>(() => tapered.Rate(2));
        Assert.Contains("the rate grows too fast for this weight decay", error.Message);
    }

    [Fact]
    public void MomentumSgd_refuses_null_parameters_and_a_non_finite_buffer_factor()
    {
        Assert.Throws<ArgumentNullException>(() => new MomentumSgd(null!, new ConstantSchedule(0.1), 0.9, 0));
        var theta = new Parameter(torch.ones(2, ScalarType.Float64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumSgd([theta], new ConstantSchedule(0.1), 0.9, 0, double.NaN));
    }

    [Fact]
    public void MomentumSgd_frees_its_buffers_when_disposed()
    {
        var theta = new Parameter(torch.ones(2, ScalarType.Float64));
        var sgd = new MomentumSgd([theta], new ConstantSchedule(0.1), 0.9, 0, 0.5);
        Tensor buffer = sgd.Buffers[0];
        Assert.False(buffer.IsInvalid);
        sgd.Dispose();
        Assert.True(buffer.IsInvalid);
    }
}
