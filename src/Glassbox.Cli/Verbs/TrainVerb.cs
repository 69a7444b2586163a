using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Training;
using Glassbox.Training.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox train`: SGD with momentum and weight decay on a scale-invariant net, or its exponential
/// equivalent (`--schedule texp[:…]` or bare `exp`: no weight decay, converted rate and first buffer).
/// </summary>
public static class TrainVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var run = new TrainingRunOptions();
        var mixing = new MixingOptions();
        var sgd = new SgdOptions("η (the first rate of the schedule)", "λ (with texp/exp: the weight decay being converted away)");
        var schedule = new Option<string>("--schedule") { Description = ScheduleSyntax.Help, DefaultValueFactory = _ => "constant" };
        var seed = new Option<long>("--seed") { Description = "Seed of the weights, batch order and augmentation", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "float64");
        var resume = new Option<bool>("--resume") { Description = "Continue from OUT/checkpoint.bin" };
        var output = new Option<string>("--out") { Description = "Output folder (checkpoint.bin, log.jsonl, log.csv)", DefaultValueFactory = _ => "runs/train" }.Folder();
        var command = new Command("train",
            "Train a scale-invariant net with SGD + momentum + weight decay, or its exact exponential-rate equivalent without weight decay " +
            "(Li & Arora, ICLR 2020). A checkpoint is written atomically after every epoch; --resume continues after a kill.");
        foreach (Option o in new Option[] { dataDir, run.Model, run.Dataset, run.Epochs, run.Batch, sgd.Rate, sgd.Momentum, sgd.Decay, schedule, seed, run.TrainImages,
                     run.TestImages, run.Recalibrate, dtype, run.Threads, resume, output }.Concat(mixing.All))
            command.Options.Add(o);
        command.SetAction(p =>
        {
            var (e, b) = run.Counts(p);
            var (eta, gamma, lambda) = sgd.Read(p);
            string? publicName = mixing.PublicName(p);
            var (data, publicImages) = run.LoadData(p, DataOptions.ResolveRoot(p.GetValue(dataDir)), publicName);
            int perEpoch = (data.Train.Count + b - 1) / b;
            ScalarType type = p.GetValue(dtype) == "float64" ? ScalarType.Float64 : ScalarType.Float32;
            var (runSchedule, runDecay, buffer) = Resolve(p.GetValue(schedule)!, new ScheduleContext(eta, perEpoch, e, lambda, gamma), (long)e * perEpoch,
                NumberRange.Of(type));
            var options = new TrainerOptions(e, b, runSchedule, gamma, runDecay, buffer, p.GetValue(seed), type,
                Threads: p.GetValue(run.Threads), Resume: p.GetValue(resume), BnRecalibrationBatches: run.RecalibrationBatches(p),
                Mixing: mixing.Create(p, data, publicImages, publicName, type, p.GetValue(seed)));
            using ScaleInvariantNet net = ModelFactory.Create(p.GetValue(run.Model)!, data.Train.Classes, p.GetValue(seed), type);
            return Run(console, net, data, options, p.GetValue(output)!);
        });
        return command;
    }

    /// <summary>The schedule to run, its weight decay and first buffer: an exponential equivalent trains without weight decay.</summary>
    static (LearningRateSchedule Schedule, double WeightDecay, double Buffer) Resolve(string text, ScheduleContext context, long steps, NumberRange range)
    {
        try
        {
            LearningRateSchedule parsed = ScheduleSyntax.Parse(text, context);
            if (parsed is TaperedExponentialSchedule tapered)
            {
                ExponentialEquivalent.Convert(tapered.Base, context.WeightDecay, context.Momentum).Check(steps, range, context.StepsPerEpoch);
                return (tapered, 0, tapered.InitialBufferFactor);
            }
            if (text.Trim() == "exp")
            {
                LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(context.Rate), context.WeightDecay, context.Momentum);
                conversion.Check(steps, range, context.StepsPerEpoch);
                return (conversion.Converted, 0, conversion.InitialBufferFactor);
            }
            return (parsed, context.WeightDecay, 0);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException(e.Message);
        }
    }

    static int Run(IAnsiConsole console, ScaleInvariantNet net, ImageSplit data, TrainerOptions options, string outDir)
    {
        if (options.Resume && !File.Exists(Path.Combine(outDir, Trainer.CheckpointFile)))
            console.MarkupLine(Markup.Escape($"--resume: no checkpoint in {outDir}, so this is a fresh run"));
        console.MarkupLine(Markup.Escape($"{data.Train.Count} training / {data.Test.Count} test images, {options.Epochs} epochs of batch {options.BatchSize}, " +
            $"momentum {options.Momentum}, weight decay {options.WeightDecay}, first buffer {options.InitialBufferFactor:0.###e+0}·θ₀, {options.DType}"));
        if (options.Mixing is { } mixing)
            console.MarkupLine(Markup.Escape($"training on mixed batches: {mixing.Identity}" +
                (mixing.Identity.Contains("INSECURE", StringComparison.Ordinal) ? " (keys replayable from the seed: for experiments only, not private)" : "")));
        // One bar over every batch of the run, with the rate in images per second (the bar and its columns fit 80 columns).
        TrainingResult result = console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: options.Epochs);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                long images = 0;
                var batches = new InlineProgress<TrainingStep>(s =>
                {
                    images += Math.Min(options.BatchSize, s.Images - (long)(s.Batch - 1) * options.BatchSize);
                    task.Value = s.Epoch + (double)s.Batch / s.Batches;
                    double rate = images / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch + 1}/{options.Epochs} {rate:0} img/s");
                });
                return Trainer.Run(net, net.TrainedParameters(), data, options, outDir, new InlineProgress<EpochRecord>(r =>
                {
                    task.Value = r.Epoch;
                    console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {r.Epoch,3}  lr {r.Lr:0.000e+00}  train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.00}%  " +
                        $"test loss {r.TestLoss:0.0000} acc {100 * r.TestAccuracy:0.00}%  ‖θ‖ {r.WeightNorm:0.000}  {r.Seconds:0.0} s")));
                }), default, batches);
            });
        console.MarkupLine(Markup.Escape($"{result.Steps} steps{(result.ResumedFromEpoch > 0 ? $", resumed after epoch {result.ResumedFromEpoch}" : "")}; log in {Path.Combine(outDir, Trainer.LogFile)}"));
        return ExitCodes.Ok;
    }
}
