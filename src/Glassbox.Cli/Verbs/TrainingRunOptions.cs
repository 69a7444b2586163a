using System.CommandLine;
using Glassbox.Data;
using Glassbox.Training.Models;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// The options `train` and `lr compare` share — model, data set and its cuts, epochs, batch, BatchNorm
/// recalibration, threads — with their checks, and the loading of the data they name.
/// </summary>
internal sealed class TrainingRunOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "preresnet20 or preresnet32 (3×32×32: cifar10), smallcnn (1×28×28: mnist, fashion); all scale-invariant",
        DefaultValueFactory = _ => "smallcnn",
    };

    public Option<string> Dataset { get; } = new("--dataset")
    {
        Description = "mnist, fashion (28×28) or cifar10 (the 32×32 subset in the data root)",
        DefaultValueFactory = _ => "mnist",
    };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 10 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size", DefaultValueFactory = _ => 128 };
    public Option<int?> TrainImages { get; } = new("--train-images") { Description = "Use only the first N training images" };

    // Evaluating on all 10,000 test images every epoch dominates short runs.
    public Option<int?> TestImages { get; } = new("--test-images") { Description = "Evaluate on only the first N test images" };

    public Option<int> Recalibrate { get; } = new("--bn-recalibrate")
    {
        Description = "Before each evaluation, recompute BatchNorm's running statistics from N training batches (0: use the running averages)",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Threads { get; } = new("--threads") { Description = "LibTorch threads (0: its default)", DefaultValueFactory = _ => 0 };

    public TrainingRunOptions()
    {
        Model.AcceptOnlyFromAmong(ModelFactory.Names.ToArray());
        Dataset.AcceptOnlyFromAmong("mnist", "fashion", "cifar10");
    }

    /// <summary>Epochs and batch size, each ≥ 1, else a usage error.</summary>
    public (int Epochs, int Batch) Counts(ParseResult p)
    {
        int epochs = p.GetValue(Epochs), batch = p.GetValue(Batch);
        if (epochs < 1) throw new UsageException($"--epochs must be ≥ 1, got {epochs}");
        if (batch < 1) throw new UsageException($"--batch must be ≥ 1, got {batch}");
        return (epochs, batch);
    }

    public int RecalibrationBatches(ParseResult p)
    {
        int batches = p.GetValue(Recalibrate);
        return batches >= 0 ? batches : throw new UsageException($"--bn-recalibrate must be ≥ 0, got {batches}");
    }

    /// <summary>
    /// The named data set from <paramref name="root"/>, cut to --train-images / --test-images, checked against the
    /// model: smallcnn reads 1-channel images (MNIST, Fashion-MNIST), the PreResNets 3-channel ones (CIFAR-10).
    /// With <paramref name="publicName"/>, also InstaHide's public images (cifar10-heldout takes the first 5,000 test
    /// images before the test cut).
    /// </summary>
    public (ImageSplit Data, ImageDataset? Public) LoadData(ParseResult p, string root, string? publicName = null)
    {
        string name = p.GetValue(Dataset)!, model = p.GetValue(Model)!;
        ImageSplit split;
        ImageDataset? publicImages = null;
        try
        {
            split = ImageSets.Load(name, root);
            if (publicName is not null)
            {
                var (images, test) = ImageSets.Public(publicName, name, split, root);
                (publicImages, split) = (images, split with { Test = test });
            }
        }
        catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
        {
            throw new UsageException(e.Message);
        }
        var data = new ImageSplit(Cut(split.Train, p.GetValue(TrainImages), "--train-images"), Cut(split.Test, p.GetValue(TestImages), "--test-images"));
        int channels = model.Equals("smallcnn", StringComparison.OrdinalIgnoreCase) ? 1 : 3;
        if (data.Train.Channels != channels)
            throw new UsageException($"--model {model} takes {channels}-channel images; --dataset {name} has {data.Train.Channels}");
        return (data, publicImages);
    }

    internal static ImageDataset Cut(ImageDataset data, int? count, string option)
    {
        if (count is not int n) return data;
        if (n < 1 || n > data.Count) throw new UsageException($"{option} must be between 1 and {data.Count}, got {n}");
        return data.Take(n);
    }
}
