using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glassbox.Training;

/// <summary>
/// A learning rate η_t for every step t ≥ 0. Schedules are immutable values; they serialise as JSON with a
/// "kind" discriminator so that a run records exactly the schedule it used.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ConstantSchedule), "constant")]
[JsonDerivedType(typeof(StepDecaySchedule), "step")]
[JsonDerivedType(typeof(CosineSchedule), "cosine")]
[JsonDerivedType(typeof(ExponentialSchedule), "exp")]
[JsonDerivedType(typeof(TaperedExponentialSchedule), "texp")]
[JsonDerivedType(typeof(TabulatedSchedule), "table")]
public abstract record LearningRateSchedule
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>η_t, the rate of step <paramref name="step"/> (the first step is 0).</summary>
    public abstract double Rate(long step);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote; an invalid value is a <see cref="JsonException"/> naming it.</summary>
    public static LearningRateSchedule FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<LearningRateSchedule>(json, Json) ?? throw new JsonException("a schedule, found null");
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"invalid schedule: {e.Message}", e);
        }
    }

    protected static void RequireStep(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(null, $"steps start at 0, got {step}");
    }

    protected static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(null, $"{name} must be a finite number > 0, got {value:g6}");
}
