using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox instahide accuracy`: plain, mixup and InstaHide training side by side (experiment 6a).</summary>
internal static class InstaHideAccuracyVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var run = new TrainingRunOptions();
        var sgd = new SgdOptions("η, the first rate of the schedule", "λ, weight decay");
        var schedule = new Option<string>("--schedule") { Description = "Rate schedule (epochs): constant | step:E1,E2,…[/F] | cosine[:FLOOR]", DefaultValueFactory = _ => "step:5,8/0.1" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (weights, batch order, mixup's draws)", DefaultValueFactory = _ => "1,2,3" };
        var arms = new Option<string>("--arms") { Description = $"Comma-separated: {string.Join(", ", MixingAccuracy.AllArms)}", DefaultValueFactory = _ => string.Join(",", MixingAccuracy.AllArms) };
        var k = new Option<int>("--k") { Description = "InstaHide's k (cross: ⌈k/2⌉ private + ⌊k/2⌋ public images)", DefaultValueFactory = _ => 4 };
        var alpha = new Option<double>("--mixup-alpha") { Description = "Mixup's α (λ ~ Beta(α, α))", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out") { Description = "Output folder: one run folder per arm and seed, summary.md, accuracy.png", DefaultValueFactory = _ => "runs/instahide-accuracy" }.Folder();
        var command = new Command("accuracy",
            "Train one model plainly, with mixup, and on InstaHide encodings (inside and cross) from the same seeds; test every arm on the same plain " +
            "images (CIFAR-10: the last 5,000 test images, the first 5,000 being the public set). Each run checkpoints every epoch; rerunning resumes.");
        foreach (Option o in new Option[] { dataDir, run.Model, run.Dataset, run.Epochs, run.Batch, sgd.Rate, sgd.Momentum, sgd.Decay, schedule, seeds, arms, k, alpha,
                     run.TrainImages, run.TestImages, run.Threads, output })
            command.Options.Add(o);
        command.SetAction(p =>
        {
            var (e, b) = run.Counts(p);
            var (eta, gamma, lambda) = sgd.Read(p);
            string dataset = p.GetValue(run.Dataset)!;
            string[] armList = p.GetValue(arms)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var spec = new MixingAccuracySpec(p.GetValue(run.Model)!, e, b, eta, gamma, lambda, p.GetValue(schedule)!, LrCompareVerb.ParseSeeds(p.GetValue(seeds)!),
                armList, p.GetValue(k), p.GetValue(alpha), p.GetValue(run.Threads));
            string publicName = ImageSets.DefaultPublic(dataset);
            // CIFAR-10's public half is cut from the test set whatever the arms, so that every arm is tested on the same images.
            bool needPublic = dataset == "cifar10" || armList.Contains(MixingAccuracy.Cross);
            var (data, publicImages) = run.LoadData(p, DataOptions.ResolveRoot(p.GetValue(dataDir)), needPublic ? publicName : null);
            try
            {
                MixingAccuracy.Check(spec, data.Train.Count, publicImages);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new UsageException(ex.Message);
            }
            return Run(console, spec, dataset, data, needPublic ? publicName : null, publicImages, p.GetValue(output)!);
        });
        return command;
    }

    static int Run(IAnsiConsole console, MixingAccuracySpec spec, string dataset, ImageSplit data, string? publicName, ImageDataset? publicImages, string outDir)
    {
        console.MarkupLine(Markup.Escape($"{dataset}: {data.Train.Count} training / {data.Test.Count} test images" +
            (publicName is null ? "" : $", public {publicName} ({publicImages!.Count} images)") +
            $"; {spec.Model}, {spec.Epochs} epochs of batch {spec.BatchSize}, schedule {spec.Schedule}; arms {string.Join(", ", spec.Arms)}; seeds {string.Join(", ", spec.Seeds)}"));
        MixingAccuracyResult result = MixingAccuracy.Run(spec, dataset, data, publicName, publicImages, outDir, (arm, seed, r) =>
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{arm,-6} seed {seed}  epoch {r.Epoch,3}  lr {r.Lr:0.000e+00}  train loss {r.TrainLoss:0.0000}  test acc {100 * r.TestAccuracy:0.00}%  {r.Seconds:0.0} s"))));
        string what = $"{spec.Model} on {dataset} ({data.Train.Count} training images, {data.Test.Count} test)";
        MixingAccuracyReport.PlotAccuracy(result, $"Test accuracy: {what}", Path.Combine(outDir, "accuracy.png"));
        string publicPart = result.PublicName is null ? "" : $"; public images for the cross arm: {result.PublicName} ({result.PublicImages})";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{what}: {spec.Epochs} epochs of batch {spec.BatchSize}, η = {spec.Rate}, γ = {spec.Momentum}, λ = {spec.WeightDecay}, schedule {spec.Schedule}{publicPart}; InstaHide keys from the cryptographic generator, fresh every epoch\n\n")
            + MixingAccuracyReport.Table(result);
        CliFiles.WriteText(Path.Combine(outDir, "summary.md"), summary);
        console.Write(new Text(summary + "\n"));
        return ExitCodes.Ok;
    }
}
