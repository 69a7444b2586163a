using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using Glassbox.Training;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox dp train`: DP-SGD with per-example clipping, Gaussian noise, Poisson sampling and the RDP accountant.</summary>
public static class DpTrainVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion or cifar10", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(ImageSets.Names);
        var model = new Option<string>("--model") { Description = "samplecnn (Opacus's SampleConvNet, 28×28) or gncnn (GroupNorm CNN, any size); BatchNorm nets are refused", DefaultValueFactory = _ => "samplecnn" };
        var noise = new Option<double?>("--noise") { Description = "σ, the noise multiplier (required unless --no-privacy)" };
        var noPrivacy = new Option<bool>("--no-privacy") { Description = "The non-private baseline: the same Poisson batches and rate, no clipping, no noise, no ε" };
        var clip = new Option<double>("--clip") { Description = "C, the per-example clipping norm", DefaultValueFactory = _ => 1.5 };
        var rate = new Option<double>("--sample-rate") { Description = "q: each example joins a step's batch with this probability (Opacus's MNIST: 0.004 = 240/60,000)", DefaultValueFactory = _ => 0.004 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of 1/q steps", DefaultValueFactory = _ => 15 };
        var delta = new Option<double>("--delta") { Description = "δ of the (ε, δ) guarantee", DefaultValueFactory = _ => 1e-5 };
        var lr = new Option<double>("--lr") { Description = "SGD's learning rate", DefaultValueFactory = _ => 0.25 };
        var momentum = new Option<double>("--momentum") { Description = "SGD's momentum (PyTorch's form)", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the initial weights (sampling and noise always come from the cryptographic generator unless --insecure-seed)", DefaultValueFactory = _ => 1 };
        var insecure = new Option<long?>("--insecure-seed") { Description = "Replayable sampling and noise, for tests only: the run is then not private" };
        var trainImages = new Option<int?>("--train-images") { Description = "Use only the first N training images" };
        var testImages = new Option<int?>("--test-images") { Description = "Evaluate on only the first N test images" };
        var threads = new Option<int>("--threads") { Description = "LibTorch threads (0: its default)", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint" };
        var output = new Option<string>("--out") { Description = "Run folder: checkpoint.bin, log.jsonl/log.csv, privacy.jsonl (ε per epoch)", DefaultValueFactory = _ => "runs/dp-train" }.Folder();
        var command = new Command("train", "DP-SGD (Abadi et al. 2016): per-example gradients clipped to C, Gaussian noise σC, Poisson sampling at rate q; " +
                                           "logs test accuracy and ε (RDP accountant) after every epoch; resumable.");
        foreach (Option option in new Option[] { dataDir, dataset, model, noise, noPrivacy, clip, rate, epochs, delta, lr, momentum, seed, insecure, trainImages, testImages, threads, resume, output })
            command.Options.Add(option);
        command.SetAction(p =>
        {
            bool isPrivate = !p.GetValue(noPrivacy);
            if (isPrivate && p.GetValue(noise) is null) throw new UsageException("--noise SIGMA is required (or --no-privacy for the non-private baseline)");
            if (!isPrivate && p.GetValue(noise) is not null) throw new UsageException("--no-privacy adds no noise: leave out --noise");
            var options = new DpTrainingOptions(p.GetValue(noise) ?? 0, p.GetValue(clip), p.GetValue(rate), p.GetValue(epochs), p.GetValue(delta),
                p.GetValue(lr), p.GetValue(momentum), p.GetValue(seed), p.GetValue(threads), p.GetValue(resume), Private: isPrivate);
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            string name = p.GetValue(dataset)!, outDir = Path.GetFullPath(p.GetValue(output)!);
            ImageSplit data = DataOptions.LoadImages(name, p.GetValue(dataDir), p.GetValue(trainImages), p.GetValue(testImages));
            PerExampleNet net;
            try { net = DpModels.Create(p.GetValue(model)!, data.Train.Channels, data.Train.Height, data.Train.Width, data.Train.Classes, options.Seed); }
            catch (ArgumentException e) { throw new UsageException($"--model {p.GetValue(model)}: {e.Message}"); }
            if (options.Resume && !File.Exists(Path.Combine(outDir, Trainer.CheckpointFile)))
                console.MarkupLine(Markup.Escape($"--resume: no checkpoint in {outDir}, so this is a fresh run"));
            KeySource random = p.GetValue(insecure) is long s ? KeySource.Insecure(s) : KeySource.Secure();
            string header = isPrivate
                ? string.Create(CultureInfo.InvariantCulture, $"DP-SGD on {data.Train.Count} {name} images ({data.Test.Count} test), {p.GetValue(model)}: σ = {options.Noise}, C = {options.Clip}, q = {options.SampleRate} ({options.StepsPerEpoch} steps an epoch, expected batch {options.SampleRate * data.Train.Count:0.#}), η = {options.Rate}, δ = {options.Delta:g6}; ")
                : string.Create(CultureInfo.InvariantCulture, $"Non-private SGD (baseline) on {data.Train.Count} {name} images ({data.Test.Count} test), {p.GetValue(model)}: q = {options.SampleRate} ({options.StepsPerEpoch} steps an epoch, expected batch {options.SampleRate * data.Train.Count:0.#}), η = {options.Rate}; ");
            console.MarkupLine(Markup.Escape(header + (random.IsSecure ? "sampling and noise from the cryptographic generator" : $"INSECURE seed {random.InsecureSeed}: replayable, not private")));
            IReadOnlyList<DpEpochRecord> records = console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(isPrivate ? "DP-SGD" : "SGD", maxValue: options.Epochs);
                    return DpTrainer.Run(net, p.GetValue(model)!, data, options, random, outDir, new InlineProgress<(int Epoch, int Step, int Steps)>(x =>
                    {
                        task.Value = x.Epoch + (double)x.Step / x.Steps;
                        task.Description = $"epoch {x.Epoch + 1}/{options.Epochs}";
                    }));
                });
            foreach (DpEpochRecord r in records)
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {r.Epoch,3}  train loss {r.TrainLoss:0.0000}  test acc {100 * r.TestAccuracy:0.00}%  {(r.Epsilon is double e ? $"ε = {e:0.000} (α {r.Order}; classic {r.EpsilonClassic:0.000}) at δ = {r.Delta}" : "ε = ∞ (not private)")}  mean batch {r.MeanBatch:0.0}  {r.Seconds:0.0} s")));
            console.MarkupLine(Markup.Escape($"log in {Path.Combine(outDir, DpTrainer.PrivacyLog)}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
