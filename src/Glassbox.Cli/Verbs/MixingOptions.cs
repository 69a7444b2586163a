using System.CommandLine;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Training;
using static TorchSharp.torch;

namespace Glassbox.Cli.Verbs;

/// <summary>`train`'s options for training on mixed batches: mixup, or InstaHide (inside, or cross with a public set).</summary>
internal sealed class MixingOptions
{
    public Option<double?> Mixup { get; } = new("--mixup") { Description = "Train with mixup: per batch λ ~ Beta(ALPHA, ALPHA) (Zhang et al., ICLR 2018; 0.2–1 is usual)" };

    public Option<int?> InstaHide { get; } = new("--instahide")
    {
        Description = "Train on InstaHide encodings mixing K images (Huang et al., ICML 2020); fresh keys every epoch, tested on plain images",
    };

    public Option<string?> Public { get; } = new("--public")
    {
        Description = "With --instahide: cross-dataset, ⌈K/2⌉ private + ⌊K/2⌋ public images from fashion (for mnist), mnist (for fashion) " +
            "or cifar10-heldout (the first 5,000 CIFAR-10 test images; the test set becomes the other 5,000)",
    };

    public Option<long?> InsecureSeed { get; } = new("--insecure-seed")
    {
        Description = "Draw InstaHide's keys from a seeded generator instead of the cryptographic one: reproducible, and NOT private",
    };

    public MixingOptions() => Public.Validators.Add(r =>
    {
        string? name = r.GetValueOrDefault<string?>();
        if (ImageSets.PublicProblem(name) is { } problem) r.AddError($"--public {name}: {problem}");
    });

    public IEnumerable<Option> All => [Mixup, InstaHide, Public, InsecureSeed];

    /// <summary>The public set named, or null; refused without --instahide.</summary>
    public string? PublicName(ParseResult p)
    {
        string? name = p.GetValue(Public);
        if (name is not null && p.GetValue(InstaHide) is null) throw new UsageException("--public is an option of --instahide (the public images it mixes in)");
        return name;
    }

    /// <summary>The mixing the options ask for, or null for plain training; one sentence for a bad combination.</summary>
    public IBatchMixing? Create(ParseResult p, ImageSplit data, ImageDataset? publicImages, string? publicName, ScalarType dtype, long seed)
    {
        double? alpha = p.GetValue(Mixup);
        int? k = p.GetValue(InstaHide);
        long? insecure = p.GetValue(InsecureSeed);
        if (alpha is not null && k is not null) throw new UsageException("--mixup and --instahide are two ways to train; choose one");
        if (insecure is not null && k is null) throw new UsageException("--insecure-seed is an option of --instahide (it fixes the keys)");
        if (alpha is double a)
            return a > 0 && double.IsFinite(a) ? new Mixup(a, seed) : throw new UsageException($"--mixup must be a number > 0, got {a}");
        if (k is not int kk) return null;
        var options = new InstaHideOptions(kk, publicImages is null ? InstaHideMode.Inside : InstaHideMode.Cross);
        try
        {
            options.Validate(data.Train.Count, publicImages?.Count ?? 0);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--instahide {kk}: {e.Message}");
        }
        ImageBatches? batches = publicImages is null ? null : new ImageBatches(publicImages, PixelNormalization.Of(publicImages), dtype);
        return new InstaHideMixing(options, data.Train.ImageSize, data.Train.Labels, batches, publicName ?? "none", insecure);
    }
}
