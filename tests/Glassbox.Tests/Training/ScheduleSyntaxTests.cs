using Glassbox.Training;

namespace Glassbox.Tests.Training;

public sealed class ScheduleSyntaxTests
{
    static readonly ScheduleContext Context = new(0.1, 391, Epochs: 200, WeightDecay: 5e-4, Momentum: 0.9);

    [Fact]
    public void Each_form_gives_its_schedule_with_epochs_turned_into_steps()
    {
        Assert.Equal(new ConstantSchedule(0.1), ScheduleSyntax.Parse("constant", Context));
        Assert.Equal(new StepDecaySchedule(0.1, [60 * 391, 90 * 391], 0.2), ScheduleSyntax.Parse("step:60,90/0.2", Context));
        Assert.Equal(new StepDecaySchedule(0.1, [30 * 391], 0.1), ScheduleSyntax.Parse(" step:30 ", Context));
        Assert.Equal(new CosineSchedule(0.1, 200 * 391), ScheduleSyntax.Parse("cosine", Context));
        Assert.Equal(new CosineSchedule(0.1, 200 * 391, 1e-4), ScheduleSyntax.Parse("cosine:1e-4", Context));
        Assert.Equal(0.2, ScheduleSyntax.Parse("exp:2", Context).Rate(391), 1e-14);
        Assert.Equal(ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 5e-4, 0.9).Converted, ScheduleSyntax.Parse("exp", Context));
        Assert.Equal(new TaperedExponentialSchedule(new StepDecaySchedule(0.1, [60 * 391], 0.1), 5e-4, 0.9), ScheduleSyntax.Parse("texp:step:60", Context));
        Assert.Equal(new TaperedExponentialSchedule(new ConstantSchedule(0.1), 5e-4, 0.9), ScheduleSyntax.Parse("texp", Context));
    }

    [Theory]
    [InlineData("linear", "unknown schedule")]
    [InlineData("constant:3", "unknown schedule")]
    [InlineData("step", "step needs milestones")]
    [InlineData("step:60,x", "found 'x'")]
    [InlineData("step:0", "found '0'")]
    [InlineData("step:90,60", "increasing")]
    [InlineData("step:60/x", "factor must be a number")]
    [InlineData("step:60/-1", "Factor must be a finite number > 0")]
    [InlineData("cosine:0.5", "Floor must be in [0, Initial = 0.1)")]
    [InlineData("exp:nan", "growth per epoch must be a number")]
    [InlineData("texp:foo", "schedule 'foo'")]
    public void Malformed_text_is_refused_naming_the_text_and_the_syntax(string text, string why)
    {
        var e = Assert.Throws<ScheduleSyntaxException>(() => ScheduleSyntax.Parse(text, Context));
        Assert.Contains(why, e.Message);
        Assert.Contains("Expected constant | step:", e.Message);
    }

    [Fact]
    public void Cosine_needs_the_length_of_the_run()
    {
        var e = Assert.Throws<ScheduleSyntaxException>(() => ScheduleSyntax.Parse("cosine", Context with { Epochs = null }));
        Assert.Contains("length in epochs", e.Message);
    }
}
