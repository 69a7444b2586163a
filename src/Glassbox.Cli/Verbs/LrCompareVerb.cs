using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.ExponentialLr;
using Glassbox.Reporting;
using Glassbox.Training;
using Glassbox.Training.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox lr compare`: a schedule with weight decay against its exponential conversion, trained for real (experiment b).</summary>
public static class LrCompareVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var run = new TrainingRunOptions();
        var sgd = new SgdOptions("η, the first rate of the schedule", "λ of the run with weight decay");
        var schedule = new Option<string>("--schedule") { Description = "Schedule of the run with weight decay (epochs): constant | step:E1,E2,…[/F] | cosine[:FLOOR]", DefaultValueFactory = _ => "step:5,8/0.1" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (weights, batch order, augmentation)", DefaultValueFactory = _ => "1,2" };
        var output = new Option<string>("--out") { Description = "Output folder: one run folder per arm and seed, summary.md, accuracy.png, lr.png, weight-norm.png", DefaultValueFactory = _ => "runs/lr-compare" }.Folder();
        var command = new Command("compare",
            "Train a scale-invariant net with SGD + momentum + weight decay on a schedule, and from the same seeds without weight decay on the " +
            "schedule's exact exponential conversion (TEXP); compare test accuracy, learning rates and weight norms. Each run checkpoints every " +
            "epoch; rerunning the command resumes or reuses them.");
        foreach (Option o in new Option[] { dataDir, run.Model, run.Dataset, run.Epochs, run.Batch, sgd.Rate, sgd.Momentum, sgd.Decay, schedule, seeds,
                     run.TrainImages, run.TestImages, run.Recalibrate, run.Threads, output })
            command.Options.Add(o);
        command.SetAction(p =>
        {
            var (e, b) = run.Counts(p);
            var (eta, gamma, lambda) = sgd.Read(p, decayRequired: true);
            long[] seedList = ParseSeeds(p.GetValue(seeds)!);
            ImageSplit data = run.LoadData(p, DataOptions.ResolveRoot(p.GetValue(dataDir))).Data;
            var spec = new AccuracyComparisonSpec(p.GetValue(run.Model)!, e, b, eta, gamma, lambda, p.GetValue(schedule)!, seedList, ScalarType.Float32,
                p.GetValue(run.Threads), run.RecalibrationBatches(p));
            try
            {
                AccuracyComparison.Plan(spec, (data.Train.Count + b - 1) / b);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new UsageException($"--schedule/--lr/--wd/--momentum: {ex.Message}");
            }
            return Run(console, spec, data, p.GetValue(run.Dataset)!, p.GetValue(output)!);
        });
        return command;
    }

    internal static long[] ParseSeeds(string text)
    {
        var seeds = new List<long>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed))
                throw new UsageException($"--seeds: expected comma-separated integers, found '{part}'");
            if (seeds.Contains(seed)) throw new UsageException($"--seeds: seed {seed} is given twice");
            seeds.Add(seed);
        }
        if (seeds.Count == 0) throw new UsageException("--seeds: give at least one seed");
        return seeds.ToArray();
    }

    static int Run(IAnsiConsole console, AccuracyComparisonSpec spec, ImageSplit data, string dataset, string outDir)
    {
        console.MarkupLine(Markup.Escape($"{dataset}: {data.Train.Count} training / {data.Test.Count} test images; {spec.Model}, {spec.Epochs} epochs of batch " +
            $"{spec.BatchSize}, schedule {spec.Schedule} with λ = {spec.WeightDecay} vs its conversion; seeds {string.Join(", ", spec.Seeds)}"));
        AccuracyComparisonResult result = AccuracyComparison.Run(spec, data, outDir, (arm, seed, r) =>
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{arm,-4} seed {seed}  epoch {r.Epoch,3}  lr {r.Lr:0.000e+00}  train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.00}%  " +
                $"test acc {100 * r.TestAccuracy:0.00}%  ‖θ‖ {r.WeightNorm:0.000}  {r.Seconds:0.0} s"))));
        string what = $"{spec.Model} on {dataset} ({data.Train.Count} images)";
        AccuracyComparisonReport.PlotAccuracy(result, $"Test accuracy: {what}", Path.Combine(outDir, "accuracy.png"));
        AccuracyComparisonReport.PlotRates(result, $"Learning rate: {spec.Schedule} with λ = {spec.WeightDecay} and its conversion", Path.Combine(outDir, "lr.png"));
        AccuracyComparisonReport.PlotWeightNorms(result, $"Weight norm: {what}", Path.Combine(outDir, "weight-norm.png"));
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{what}: {spec.Epochs} epochs × {result.StepsPerEpoch} steps of batch {spec.BatchSize}, η = {spec.Rate}, γ = {spec.Momentum}, " +
            $"schedule {spec.Schedule}, λ = {spec.WeightDecay}; conversion α = {result.Conversion.Alpha:0.000000000}, first buffer " +
            $"{result.Conversion.InitialBufferFactor:0.000e+00}·θ₀, rate growth per epoch {result.Conversion.PerEpochGrowth(result.StepsPerEpoch):0.0000} " +
            $"(in the first phase)\n\n") + AccuracyComparisonReport.Table(result);
        CliFiles.WriteText(Path.Combine(outDir, "summary.md"), summary);
        console.Write(new Text(summary + "\n"));
        return ExitCodes.Ok;
    }
}
