using System.Text.Json;
using Glassbox.Training;

namespace Glassbox.Tests.Training;

public sealed class ScheduleTests
{
    [Fact]
    public void Step_decay_multiplies_at_the_milestone_step_itself()
    {
        var schedule = new StepDecaySchedule(0.1, [100, 150], 0.1);
        Assert.Equal(0.1, schedule.Rate(0));
        Assert.Equal(0.1, schedule.Rate(99));
        Assert.Equal(0.01, schedule.Rate(100), 1e-17);
        Assert.Equal(0.01, schedule.Rate(149), 1e-17);
        Assert.Equal(0.001, schedule.Rate(150), 1e-18);
        Assert.Equal(0.001, schedule.Rate(long.MaxValue), 1e-18);
    }

    [Fact]
    public void Cosine_runs_from_the_rate_to_the_floor_and_stays_there()
    {
        var schedule = new CosineSchedule(0.1, 1000, 0.001);
        Assert.Equal(0.1, schedule.Rate(0));
        Assert.Equal((0.1 + 0.001) / 2, schedule.Rate(500), 1e-15);
        Assert.Equal(0.001, schedule.Rate(1000));
        Assert.Equal(0.001, schedule.Rate(5000));
        Assert.True(schedule.Rate(999) > 0.001);
        Assert.Equal(0, new CosineSchedule(0.1, 10).Rate(10));
    }

    [Fact]
    public void Exponential_and_tabulated_schedules()
    {
        var exponential = new ExponentialSchedule(0.1, 1.01);
        Assert.Equal(0.1 * Math.Pow(1.01, 250), exponential.Rate(250), 1e-15);
        var table = new TabulatedSchedule([0.3, 0.2, 0.1]);
        Assert.Equal([0.3, 0.2, 0.1, 0.1], new long[] { 0, 1, 2, 10 }.Select(table.Rate));
    }

    [Fact]
    public void Impossible_schedules_and_steps_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(double.NaN));
        Assert.Throws<ArgumentException>(() => new StepDecaySchedule(0.1, [90, 60], 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 100, 0.2));
        Assert.Throws<ArgumentException>(() => new TabulatedSchedule([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(0.1).Rate(-1));
    }

    public static TheoryData<LearningRateSchedule> Schedules => new()
    {
        new ConstantSchedule(0.1),
        new StepDecaySchedule(0.1, [23460, 35190], 0.1),
        new CosineSchedule(0.1, 78200, 1e-4),
        new ExponentialSchedule(0.1, 1.001),
        new TabulatedSchedule([0.1, 0.05]),
        new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [50], 0.2), 5e-4, 0.9, BufferStart.Zero),
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Every_schedule_survives_a_json_round_trip(LearningRateSchedule schedule)
    {
        string json = schedule.ToJson();
        LearningRateSchedule back = LearningRateSchedule.FromJson(json);
        Assert.Equal(schedule, back);
        Assert.Equal(schedule.GetType(), back.GetType());
        foreach (long t in new long[] { 0, 1, 49, 50, 51, 1000, 40000 }) Assert.Equal(schedule.Rate(t), back.Rate(t));
        Assert.StartsWith("{\n  \"kind\": ", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_names_the_kind_and_refuses_bad_values()
    {
        Assert.Contains("\"kind\": \"texp\"", new TaperedExponentialSchedule(new ConstantSchedule(0.1), 5e-4, 0.9).ToJson());
        Assert.Contains("\"start\": \"zero\"", new TaperedExponentialSchedule(new ConstantSchedule(0.1), 5e-4, 0.9, BufferStart.Zero).ToJson());
        var e = Assert.Throws<JsonException>(() => LearningRateSchedule.FromJson("{\"kind\": \"constant\", \"value\": -1}"));
        Assert.Contains("Value must be a finite number > 0", e.Message);
        Assert.Throws<JsonException>(() => LearningRateSchedule.FromJson("{\"kind\": \"warmup\"}"));
    }

    [Fact]
    public void A_copy_with_other_parameters_does_not_reuse_the_first_ones_values()
    {
        var first = new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [10], 0.1), 5e-4, 0.9);
        double before = first.Rate(2000);
        var second = first with { WeightDecay = 1e-3 };
        Assert.NotEqual(before, second.Rate(2000));
        Assert.Equal(new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [10], 0.1), 1e-3, 0.9).Rate(2000), second.Rate(2000));
    }

    [Fact]
    public void A_tapered_schedule_gives_the_same_bits_in_any_order_of_reading()
    {
        LearningRateSchedule Make() => new TaperedExponentialSchedule(new CosineSchedule(0.1, 5000, 1e-3), 1e-3, 0.9);
        var forward = Make();
        double[] inOrder = Enumerable.Range(0, 5000).Select(t => forward.Rate(t)).ToArray();
        var backward = Make();
        double[] reversed = Enumerable.Range(0, 5000).Reverse().Select(t => backward.Rate(t)).Reverse().ToArray();
        Assert.Equal(inOrder, reversed);
    }
}
