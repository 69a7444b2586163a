namespace Glassbox.Training;

/// <summary>One row of a conversion table: a step, both rates there, and c_t with θ̃_t = c_t θ_t.</summary>
public sealed record ConversionRow(int Epoch, long Step, double Rate, double ConvertedRate, double WeightScale);

/// <summary>A conversion as data (for JSON): its inputs, α and the growth factors at η₀, the first buffer and a table.</summary>
public sealed record ConversionSummary(LearningRateSchedule Schedule, LearningRateSchedule Converted, double WeightDecay, double Momentum,
    BufferStart Start, int StepsPerEpoch, double Alpha, double PerStepGrowth, double PerEpochGrowth, double InitialBufferFactor,
    IReadOnlyList<ConversionRow> Rows);
