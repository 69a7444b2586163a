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

/// <summary>`glassbox lr equivalence`: weight decay and its exponential conversion train the same net (experiment a).</summary>
public static class LrEquivalenceVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist or fashion", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion");
        var images = new Option<int>("--train-images") { Description = "Training images used (the first N)", DefaultValueFactory = _ => 2048 };
        var steps = new Option<long>("--steps") { Description = "SGD steps", DefaultValueFactory = _ => 600 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 64 };
        var sgd = new SgdOptions("η of the run with weight decay", "λ");
        var schedule = new Option<string>("--schedule") { Description = "Schedule of the run with weight decay, in epochs of --train-images/--batch steps: " + ScheduleSyntax.Help, DefaultValueFactory = _ => "constant" };
        var seed = new Option<long>("--seed") { Description = "Seed of the weights and the batch order", DefaultValueFactory = _ => 1 };
        var every = new Option<int>("--check-every") { Description = "Compare the two nets every N steps", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out") { Description = "Output folder (equivalence.json, equivalence.png, summary.md)", DefaultValueFactory = _ => "runs/lr-equivalence" }.Folder();
        var command = new Command("equivalence",
            "Train one scale-invariant small CNN twice in float64 from the same weights on the same batches — with weight decay, " +
            "and with the converted exponential schedule, no weight decay and the converted first momentum buffer — and measure " +
            "how far the two nets' outputs are apart and whether their weight norms differ by the predicted factor.");
        foreach (Option o in new Option[] { dataDir, dataset, images, steps, batch, sgd.Rate, sgd.Momentum, sgd.Decay, schedule, seed, every, output }) command.Options.Add(o);
        command.SetAction(p =>
        {
            int n = p.GetValue(images), b = p.GetValue(batch), check = p.GetValue(every);
            long s = p.GetValue(steps);
            if (n < 1) throw new UsageException($"--train-images must be ≥ 1, got {n}");
            if (b < 1 || b > n) throw new UsageException($"--batch must be between 1 and --train-images = {n}, got {b}");
            if (s < 1) throw new UsageException($"--steps must be ≥ 1, got {s}");
            if (check < 1) throw new UsageException($"--check-every must be ≥ 1, got {check}");
            var (eta, gamma, lambda) = sgd.Read(p);
            LearningRateSchedule parsed;
            try
            {
                parsed = ScheduleSyntax.Parse(p.GetValue(schedule)!, new ScheduleContext(eta, n / b, (int)Math.Ceiling(s / (double)(n / b)), lambda, gamma));
                ExponentialEquivalent.Convert(parsed, lambda, gamma).Check(s);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new UsageException(e.Message);
            }
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir));
            ImageDataset train = Load(p.GetValue(dataset)!, root, n);
            var options = new EquivalenceOptions(parsed, lambda, gamma, s, b, p.GetValue(seed), check);
            return Run(console, train, options, p.GetValue(output)!, p.GetValue(dataset)!);
        });
        return command;
    }

    static ImageDataset Load(string name, string root, int count)
    {
        string folder = name == "mnist" ? DataPaths.Mnist(root) : DataPaths.FashionMnistDefault;
        if (!Directory.Exists(folder)) throw new UsageException($"--dataset {name}: no data at {folder}");
        ImageDataset all = MnistLoader.Load(folder).Train;
        if (count > all.Count) throw new UsageException($"--train-images: {name} has {all.Count} training images, asked for {count}");
        return all.Take(count);
    }

    static int Run(IAnsiConsole console, ImageDataset train, EquivalenceOptions options, string outDir, string dataset)
    {
        NetBuilder net = EquivalenceExperiment.SmallCnnFloat64(train.Classes);
        console.MarkupLine($"{dataset}: {train.Count} images, {options.Steps} steps of {options.BatchSize}; two runs in float64");
        EquivalenceResult result = EquivalenceExperiment.Run(net, train, options, new InlineProgress<EquivalencePoint>(pt =>
        {
            if (pt.Step % (options.CheckEvery * 10) == 0)
                console.MarkupLine(Markup.Escape($"  step {pt.Step,6}  loss {pt.LossWithDecay:0.0000}  outputs differ {pt.OutputRelativeDifference:0.0e+00}  ‖θ̃‖/‖θ‖ {pt.NormRatio:0.0000} (c_t {pt.PredictedScale:0.0000})"));
        }));
        CliFiles.WriteJson(Path.Combine(outDir, "equivalence.json"), new { options.WeightDecay, options.Momentum, options.Steps, options.BatchSize,
            options.Seed, Schedule = options.Schedule.ToJson(), TrainImages = train.Count, Dataset = dataset, Result = result });
        EquivalenceReport.Plot(result, $"Weight decay vs its exponential conversion ({dataset}, small CNN, float64)", Path.Combine(outDir, "equivalence.png"));
        string summary = $"α = {result.Alpha.ToString("0.000000000", CultureInfo.InvariantCulture)}, first buffer factor {result.InitialBufferFactor:0.000e+00}\n\n" +
            $"max output relative difference {result.MaxOutputRelativeDifference:0.000e+00}, max weight-norm-ratio error {result.MaxScaleRelativeError:0.000e+00}, {result.Seconds:0.0} s\n\n" +
            EquivalenceReport.Table(result, Math.Max(1, result.Points.Count / 10));
        CliFiles.WriteText(Path.Combine(outDir, "summary.md"), summary);
        console.Write(new Text(summary));
        return ExitCodes.Ok;
    }
}
