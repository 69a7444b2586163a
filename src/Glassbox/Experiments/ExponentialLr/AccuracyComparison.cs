using Glassbox.Data;
using Glassbox.Training;
using Glassbox.Training.Models;
using static TorchSharp.torch;

namespace Glassbox.Experiments.ExponentialLr;

/// <summary>
/// Experiment b of Li and Arora (ICLR 2020): a schedule with weight decay against its exact exponential conversion
/// (no weight decay, tapered-exponential rate, converted first buffer), trained for real from the same seeds.
/// <paramref name="Schedule"/> is the run with weight decay <paramref name="WeightDecay"/>; its text is read with
/// <see cref="ScheduleSyntax"/> (epochs become steps of this data set and batch size). <paramref name="BnRecalibrationBatches"/>
/// as in <see cref="TrainerOptions"/>.
/// </summary>
public sealed record AccuracyComparisonSpec(string Model, int Epochs, int BatchSize, double Rate, double Momentum, double WeightDecay,
    string Schedule, IReadOnlyList<long> Seeds, ScalarType DType = ScalarType.Float32, int Threads = 0, int BnRecalibrationBatches = 0);

/// <summary>One arm of the comparison: "wd" (the schedule with weight decay) or "texp" (its conversion), for one seed.</summary>
public sealed record ComparisonRun(string Arm, long Seed, string Folder, LearningRateSchedule Schedule, double WeightDecay,
    double InitialBufferFactor, IReadOnlyList<EpochRecord> Epochs)
{
    public EpochRecord Final => Epochs[^1];
}

public sealed record AccuracyComparisonResult(AccuracyComparisonSpec Spec, int StepsPerEpoch, LrConversion Conversion, IReadOnlyList<ComparisonRun> Runs);

/// <summary>
/// Runs every (seed, arm) with <see cref="Trainer"/> in <c>folder/ARM-seedS</c>, resuming any that a kill interrupted
/// and reading back any that finished, so the comparison as a whole resumes too.
/// </summary>
public static class AccuracyComparison
{
    public const string WithDecay = "wd", Exponential = "texp";

    /// <summary>The two arms' schedules, weight decays and first-buffer factors, and the conversion between them.</summary>
    public static (LrConversion Conversion, (string Arm, LearningRateSchedule Schedule, double WeightDecay, double Buffer)[] Arms) Plan(
        AccuracyComparisonSpec spec, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(spec), $"epochs must be ≥ 1, got {spec.Epochs}");
        if (spec.Seeds.Count == 0) throw new ArgumentException("at least one seed is needed", nameof(spec));
        var context = new ScheduleContext(spec.Rate, stepsPerEpoch, spec.Epochs, spec.WeightDecay, spec.Momentum);
        LearningRateSchedule schedule = ScheduleSyntax.Parse(spec.Schedule, context);
        if (schedule is TaperedExponentialSchedule or ExponentialSchedule)
            throw new ArgumentException($"the schedule '{spec.Schedule}' is exponential, already a conversion: give the schedule with weight decay " +
                "(constant, step:…, cosine)", nameof(spec));
        LrConversion conversion = ExponentialEquivalent.Convert(schedule, spec.WeightDecay, spec.Momentum);
        conversion.Check((long)spec.Epochs * stepsPerEpoch, NumberRange.Of(spec.DType), stepsPerEpoch);
        return (conversion, [(WithDecay, schedule, spec.WeightDecay, 0), (Exponential, conversion.Converted, 0, conversion.InitialBufferFactor)]);
    }

    public static AccuracyComparisonResult Run(AccuracyComparisonSpec spec, ImageSplit data, string folder,
        Action<string, long, EpochRecord>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int perEpoch = (data.Train.Count + spec.BatchSize - 1) / spec.BatchSize;
        var (conversion, arms) = Plan(spec, perEpoch);
        var runs = new List<ComparisonRun>();
        foreach (long seed in spec.Seeds)
            foreach (var (arm, schedule, decay, buffer) in arms)
            {
                string runFolder = Path.Combine(folder, $"{arm}-seed{seed}");
                var options = new TrainerOptions(spec.Epochs, spec.BatchSize, schedule, spec.Momentum, decay, buffer, seed, spec.DType,
                    Threads: spec.Threads, Resume: true, BnRecalibrationBatches: spec.BnRecalibrationBatches);
                using var model = ModelFactory.Create(spec.Model, data.Train.Classes, seed, spec.DType);
                var report = progress is null ? null : new InlineProgress<EpochRecord>(r => progress(arm, seed, r));
                TrainingResult result = Trainer.Run(model, model.TrainedParameters(), data, options, runFolder, report, cancel);
                runs.Add(new ComparisonRun(arm, seed, runFolder, schedule, decay, buffer, result.Epochs));
            }
        return new AccuracyComparisonResult(spec, perEpoch, conversion, runs);
    }
}
