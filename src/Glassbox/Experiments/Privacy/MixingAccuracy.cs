using System.Globalization;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Training;
using Glassbox.Training.Models;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Privacy;

/// <summary>
/// Experiment 6a of issue 12: one model and SGD schedule trained plainly, with mixup, and on InstaHide encodings (inside and
/// cross), same epochs and seeds. <paramref name="Schedule"/> is read with <see cref="ScheduleSyntax"/>; <paramref name="K"/> is
/// InstaHide's k, <paramref name="MixupAlpha"/> mixup's α.
/// </summary>
public sealed record MixingAccuracySpec(string Model, int Epochs, int BatchSize, double Rate, double Momentum, double WeightDecay, string Schedule,
    IReadOnlyList<long> Seeds, IReadOnlyList<string> Arms, int K = 4, double MixupAlpha = 1, int Threads = 0);

/// <summary>One arm for one seed: its folder, the trainer's description of its mixing, and every epoch.</summary>
public sealed record MixingRun(string Arm, long Seed, string Folder, string Mixing, IReadOnlyList<EpochRecord> Epochs)
{
    public EpochRecord Final => Epochs[^1];
}

/// <summary>The runs, with the data they saw: training and test images, and the public set of the cross arm.</summary>
public sealed record MixingAccuracyResult(MixingAccuracySpec Spec, string Dataset, int TrainImages, int TestImages, string? PublicName, int PublicImages,
    IReadOnlyList<MixingRun> Runs);

/// <summary>
/// Runs every (seed, arm) with <see cref="Trainer"/> in <c>folder/ARM-seedS</c>, resuming an interrupted run and reading back a
/// finished one, so the experiment as a whole resumes. Every arm is tested on the same plain test images. InstaHide's keys come
/// from the cryptographic generator (fresh every epoch), as a party would draw them; a resumed run draws new ones.
/// </summary>
public static class MixingAccuracy
{
    public const string Plain = "plain", MixupArm = "mixup", Inside = "inside", Cross = "cross";

    public static readonly string[] AllArms = [Plain, MixupArm, Inside, Cross];

    /// <summary>What an arm trains on, in words, for tables and plots.</summary>
    public static string Describe(string arm, MixingAccuracySpec spec) => arm switch
    {
        Plain => "plain",
        MixupArm => string.Create(CultureInfo.InvariantCulture, $"mixup α = {spec.MixupAlpha}"),
        Inside => $"InstaHide inside, k = {spec.K}",
        Cross => $"InstaHide cross, k = {spec.K} ({(spec.K + 1) / 2} private + {spec.K / 2} public)",
        _ => throw new ArgumentException($"unknown arm '{arm}': expected one of {string.Join(", ", AllArms)}"),
    };

    /// <summary>Refuses what cannot run, in one sentence, before any training starts.</summary>
    public static void Check(MixingAccuracySpec spec, int trainImages, ImageDataset? publicImages)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Epochs < 1) throw new ArgumentException($"epochs must be ≥ 1, got {spec.Epochs}");
        if (spec.Seeds.Count == 0) throw new ArgumentException("at least one seed is needed");
        if (spec.Arms.Count == 0) throw new ArgumentException($"at least one arm is needed: {string.Join(", ", AllArms)}");
        if (spec.Arms.Distinct().Count() != spec.Arms.Count) throw new ArgumentException("an arm is named twice");
        if (spec.Seeds.Distinct().Count() != spec.Seeds.Count) throw new ArgumentException("a seed is named twice");
        foreach (string arm in spec.Arms) Describe(arm, spec);
        if (!(spec.MixupAlpha > 0 && double.IsFinite(spec.MixupAlpha))) throw new ArgumentException($"mixup's α must be a number > 0, got {spec.MixupAlpha}");
        if (spec.Arms.Contains(Inside)) new InstaHideOptions(spec.K, InstaHideMode.Inside).Validate(trainImages, 0);
        if (spec.Arms.Contains(Cross))
        {
            if (publicImages is null) throw new ArgumentException("the cross arm needs public images");
            new InstaHideOptions(spec.K, InstaHideMode.Cross).Validate(trainImages, publicImages.Count);
        }
        try
        {
            Schedule(spec, trainImages);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"--schedule {spec.Schedule}: {e.Message}", e);
        }
    }

    /// <summary>The spec's schedule read for this many training images (epochs become steps).</summary>
    static LearningRateSchedule Schedule(MixingAccuracySpec spec, int trainImages) =>
        ScheduleSyntax.Parse(spec.Schedule, new ScheduleContext(spec.Rate, (trainImages + spec.BatchSize - 1) / spec.BatchSize, spec.Epochs,
            spec.WeightDecay, spec.Momentum));

    public static MixingAccuracyResult Run(MixingAccuracySpec spec, string dataset, ImageSplit data, string? publicName, ImageDataset? publicImages,
        string folder, Action<string, long, EpochRecord>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Check(spec, data.Train.Count, publicImages);
        LearningRateSchedule schedule = Schedule(spec, data.Train.Count);
        var runs = new List<MixingRun>();
        foreach (long seed in spec.Seeds)
            foreach (string arm in spec.Arms)
            {
                string runFolder = Path.Combine(folder, $"{arm}-seed{seed}");
                IBatchMixing? mixing = Mixing(arm, spec, data, publicName, publicImages, seed);
                var options = new TrainerOptions(spec.Epochs, spec.BatchSize, schedule, spec.Momentum, spec.WeightDecay, Seed: seed,
                    Threads: spec.Threads, Resume: true, Mixing: mixing);
                using var model = ModelFactory.Create(spec.Model, data.Train.Classes, seed, ScalarType.Float32);
                var report = progress is null ? null : new InlineProgress<EpochRecord>(r => progress(arm, seed, r));
                TrainingResult result = Trainer.Run(model, model.TrainedParameters(), data, options, runFolder, report, cancel);
                runs.Add(new MixingRun(arm, seed, runFolder, mixing?.Identity ?? "none", result.Epochs));
            }
        return new MixingAccuracyResult(spec, dataset, data.Train.Count, data.Test.Count, spec.Arms.Contains(Cross) ? publicName : null,
            spec.Arms.Contains(Cross) ? publicImages!.Count : 0, runs);
    }

    static IBatchMixing? Mixing(string arm, MixingAccuracySpec spec, ImageSplit data, string? publicName, ImageDataset? publicImages, long seed) => arm switch
    {
        Plain => null,
        MixupArm => new Mixup(spec.MixupAlpha, seed),
        Inside => new InstaHideMixing(new InstaHideOptions(spec.K, InstaHideMode.Inside), data.Train.ImageSize, data.Train.Labels, null, "none", null),
        Cross => new InstaHideMixing(new InstaHideOptions(spec.K, InstaHideMode.Cross), data.Train.ImageSize, data.Train.Labels,
            new ImageBatches(publicImages!, PixelNormalization.Of(publicImages!), ScalarType.Float32), publicName!, null),
        _ => throw new ArgumentException($"unknown arm '{arm}'"),
    };
}
