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
        var model = new Option<string>("--model")
        {
            Description = "preresnet20 or preresnet32 (3×32×32: cifar10), smallcnn (1×28×28: mnist, fashion); all scale-invariant",
            DefaultValueFactory = _ => "smallcnn",
        };
        model.AcceptOnlyFromAmong(ModelFactory.Names.ToArray());
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion (28×28) or cifar10 (the 32×32 subset in the data root)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion", "cifar10");
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 128 };
        var sgd = new SgdOptions("η (the first rate of the schedule)", "λ (with texp/exp: the weight decay being converted away)");
        var schedule = new Option<string>("--schedule") { Description = ScheduleSyntax.Help, DefaultValueFactory = _ => "constant" };
        var seed = new Option<long>("--seed") { Description = "Seed of the weights, batch order and augmentation", DefaultValueFactory = _ => 1 };
        var images = new Option<int?>("--train-images") { Description = "Use only the first N training images" };
        var testImages = TestImagesOption();
        var recalibrate = BnRecalibrateOption();
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "float64");
        var threads = new Option<int>("--threads") { Description = "LibTorch threads (0: its default)", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUT/checkpoint.bin" };
        var output = new Option<string>("--out") { Description = "Output folder (checkpoint.bin, log.jsonl, log.csv)", DefaultValueFactory = _ => "runs/train" };
        var command = new Command("train",
            "Train a scale-invariant net with SGD + momentum + weight decay, or its exact exponential-rate equivalent without weight decay " +
            "(Li & Arora, ICLR 2020). A checkpoint is written atomically after every epoch; --resume continues after a kill.");
        foreach (Option o in new Option[] { dataDir, model, dataset, epochs, batch, sgd.Rate, sgd.Momentum, sgd.Decay, schedule, seed, images, testImages, recalibrate, dtype, threads, resume, output })
            command.Options.Add(o);
        command.SetAction(p =>
        {
            int e = p.GetValue(epochs), b = p.GetValue(batch);
            SgdOptions.CheckCounts(e, b);
            var (eta, gamma, lambda) = sgd.Read(p);
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir));
            ImageSplit data = Load(p.GetValue(dataset)!, root, p.GetValue(images), p.GetValue(testImages));
            int perEpoch = (data.Train.Count + b - 1) / b;
            var (runSchedule, runDecay, buffer) = Resolve(p.GetValue(schedule)!, new ScheduleContext(eta, perEpoch, e, lambda, gamma), (long)e * perEpoch);
            ScalarType type = p.GetValue(dtype) == "float64" ? ScalarType.Float64 : ScalarType.Float32;
            var options = new TrainerOptions(e, b, runSchedule, gamma, runDecay, buffer, p.GetValue(seed), type,
                Threads: p.GetValue(threads), Resume: p.GetValue(resume), BnRecalibrationBatches: CheckRecalibration(p.GetValue(recalibrate)));
            string name = p.GetValue(model)!;
            CheckChannels(name, p.GetValue(dataset)!, data);
            using ScaleInvariantNet net = ModelFactory.Create(name, data.Train.Classes, p.GetValue(seed), type);
            return Run(console, net, data, options, p.GetValue(output)!);
        });
        return command;
    }

    /// <summary>The schedule to run, its weight decay and first buffer: an exponential equivalent trains without weight decay.</summary>
    static (LearningRateSchedule Schedule, double WeightDecay, double Buffer) Resolve(string text, ScheduleContext context, long steps)
    {
        try
        {
            LearningRateSchedule parsed = ScheduleSyntax.Parse(text, context);
            if (parsed is TaperedExponentialSchedule tapered)
            {
                ExponentialEquivalent.Convert(tapered.Base, context.WeightDecay, context.Momentum).Check(steps);
                return (tapered, 0, tapered.InitialBufferFactor);
            }
            if (text.Trim() == "exp")
            {
                LrConversion conversion = ExponentialEquivalent.Convert(new ConstantSchedule(context.Rate), context.WeightDecay, context.Momentum);
                return (conversion.Converted, 0, conversion.InitialBufferFactor);
            }
            return (parsed, context.WeightDecay, 0);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The named data set, cut to its first <paramref name="trainCount"/> training and <paramref name="testCount"/> test images when given.</summary>
    internal static ImageSplit Load(string name, string root, int? trainCount, int? testCount = null)
    {
        string folder = name switch { "mnist" => DataPaths.Mnist(root), "cifar10" => DataPaths.Cifar10(root), _ => DataPaths.FashionMnistDefault };
        if (!Directory.Exists(folder)) throw new UsageException($"--dataset {name}: no data at {folder}");
        ImageSplit split = name == "cifar10" ? Cifar10Loader.Load(folder) : MnistLoader.Load(folder);
        return new ImageSplit(Cut(split.Train, trainCount, "--train-images"), Cut(split.Test, testCount, "--test-images"));
    }

    static ImageDataset Cut(ImageDataset data, int? count, string option)
    {
        if (count is not int n) return data;
        if (n < 1 || n > data.Count) throw new UsageException($"{option} must be between 1 and {data.Count}, got {n}");
        return data.Take(n);
    }

    /// <summary>smallcnn reads 1-channel images (MNIST, Fashion-MNIST), the PreResNets 3-channel ones (CIFAR-10).</summary>
    internal static void CheckChannels(string model, string dataset, ImageSplit data)
    {
        int channels = model.Equals("smallcnn", StringComparison.OrdinalIgnoreCase) ? 1 : 3;
        if (data.Train.Channels != channels)
            throw new UsageException($"--model {model} takes {channels}-channel images; --dataset {dataset} has {data.Train.Channels}");
    }

    /// <summary>--bn-recalibrate: precise BatchNorm statistics before each evaluation.</summary>
    internal static Option<int> BnRecalibrateOption() => new("--bn-recalibrate")
    {
        Description = "Before each evaluation, recompute BatchNorm's running statistics from N training batches (0: use the running averages)",
        DefaultValueFactory = _ => 0,
    };

    internal static int CheckRecalibration(int batches) =>
        batches >= 0 ? batches : throw new UsageException($"--bn-recalibrate must be ≥ 0, got {batches}");

    /// <summary>--test-images: evaluating on all 10,000 test images every epoch dominates short runs.</summary>
    internal static Option<int?> TestImagesOption() => new("--test-images") { Description = "Evaluate on only the first N test images" };

    static int Run(IAnsiConsole console, ScaleInvariantNet net, ImageSplit data, TrainerOptions options, string outDir)
    {
        console.MarkupLine(Markup.Escape($"{data.Train.Count} training / {data.Test.Count} test images, {options.Epochs} epochs of batch {options.BatchSize}, " +
            $"momentum {options.Momentum}, weight decay {options.WeightDecay}, first buffer {options.InitialBufferFactor:0.###e+0}·θ₀, {options.DType}"));
        TrainingResult result = console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: options.Epochs);
                return Trainer.Run(net, net.TrainedParameters(), data, options, outDir, new InlineProgress<EpochRecord>(r =>
                {
                    task.Value = r.Epoch;
                    console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {r.Epoch,3}  lr {r.Lr:0.000e+00}  train loss {r.TrainLoss:0.0000} acc {100 * r.TrainAccuracy:0.00}%  " +
                        $"test loss {r.TestLoss:0.0000} acc {100 * r.TestAccuracy:0.00}%  ‖θ‖ {r.WeightNorm:0.000}  {r.Seconds:0.0} s")));
                }));
            });
        console.MarkupLine(Markup.Escape($"{result.Steps} steps{(result.ResumedFromEpoch > 0 ? $", resumed after epoch {result.ResumedFromEpoch}" : "")}; log in {Path.Combine(outDir, Trainer.LogFile)}"));
        return ExitCodes.Ok;
    }
}
