using System.Globalization;

namespace Glassbox.Training;

/// <summary>
/// What a schedule's text leaves out: the first rate, steps per epoch (the text counts epochs), the run's
/// length in epochs (cosine needs it) and the weight decay and momentum that exp and texp convert away.
/// </summary>
public sealed record ScheduleContext(double Rate, int StepsPerEpoch, int? Epochs = null, double WeightDecay = 0, double Momentum = 0);

/// <summary>A schedule text that does not follow <see cref="ScheduleSyntax.Help"/>.</summary>
public sealed class ScheduleSyntaxException(string message) : FormatException(message);

/// <summary>The command line's schedule syntax; epochs in the text become steps through <see cref="ScheduleContext.StepsPerEpoch"/>.</summary>
public static class ScheduleSyntax
{
    public const string Help =
        "constant | step:E1,E2,...[/F] (×F at the start of epochs E1, E2, ...; F defaults to 0.1) | " +
        "cosine[:FLOOR] (cosine from the rate to FLOOR, default 0, over the whole run) | " +
        "exp[:G] (×G per epoch; without G: the exact equivalent of the constant rate without weight decay, η·α^(−2t−1)) | " +
        "texp[:SCHEDULE] (the exact equivalent of SCHEDULE, default constant, without weight decay)";

    public static LearningRateSchedule Parse(string text, ScheduleContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        if (context.StepsPerEpoch < 1) throw new ArgumentOutOfRangeException(null, $"steps per epoch must be ≥ 1, got {context.StepsPerEpoch}");
        string trimmed = text.Trim();
        int colon = trimmed.IndexOf(':');
        string name = colon < 0 ? trimmed : trimmed[..colon];
        string? argument = colon < 0 ? null : trimmed[(colon + 1)..];
        try
        {
            return name switch
            {
                "constant" when argument is null => new ConstantSchedule(context.Rate),
                "step" => Step(argument ?? throw Error(text, "step needs milestones, e.g. step:60,90/0.1"), context),
                "cosine" => Cosine(text, argument, context),
                "exp" => argument is null
                    ? ExponentialEquivalent.Convert(new ConstantSchedule(context.Rate), context.WeightDecay, context.Momentum).Converted
                    : new ExponentialSchedule(context.Rate, Math.Pow(Number(text, argument, "growth per epoch"), 1.0 / context.StepsPerEpoch)),
                "texp" => new TaperedExponentialSchedule(argument is null ? new ConstantSchedule(context.Rate) : Parse(argument, context),
                    context.WeightDecay, context.Momentum),
                _ => throw Error(text, "unknown schedule"),
            };
        }
        catch (ArgumentException e)
        {
            throw Error(text, e.Message);
        }
    }

    static StepDecaySchedule Step(string argument, ScheduleContext context)
    {
        int slash = argument.IndexOf('/');
        string list = slash < 0 ? argument : argument[..slash];
        double factor = slash < 0 ? 0.1 : Number($"step:{argument}", argument[(slash + 1)..], "factor");
        var milestones = new List<long>();
        foreach (string part in list.Split(','))
            milestones.Add(long.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch) && epoch >= 1
                ? epoch * context.StepsPerEpoch
                : throw Error($"step:{argument}", $"milestones are whole epochs ≥ 1 separated by commas, found '{part}'"));
        return new StepDecaySchedule(context.Rate, milestones, factor);
    }

    static CosineSchedule Cosine(string text, string? argument, ScheduleContext context)
    {
        if (context.Epochs is not int epochs || epochs < 1) throw Error(text, "cosine needs the run's length in epochs (≥ 1)");
        return new CosineSchedule(context.Rate, (long)epochs * context.StepsPerEpoch, argument is null ? 0 : Number(text, argument, "floor"));
    }

    static double Number(string text, string value, string what) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
            ? x : throw Error(text, $"the {what} must be a number, found '{value}'");

    static ScheduleSyntaxException Error(string text, string why) =>
        new($"schedule '{text}': {why}. Expected {Help}");
}
