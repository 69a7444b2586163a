namespace Glassbox.Data;

/// <summary>
/// The image data sets by name — mnist, fashion (Debian's dataset-fashion-mnist) and cifar10 (the shared 32×32 subset) —
/// and the unlabeled public sets InstaHide mixes in: fashion (Fashion-MNIST's training images, for MNIST) and
/// cifar10-heldout (the first 5,000 of the CIFAR-10 subset's 10,000 test images, whose other 5,000 become the test set).
/// </summary>
public static class ImageSets
{
    public static readonly string[] Names = ["mnist", "fashion", "cifar10"];
    public static readonly string[] PublicNames = ["fashion", "mnist", "cifar10-heldout"];
    public const int HeldOut = 5000;

    /// <summary>The public set InstaHide mixes into a private set by default: Fashion-MNIST for MNIST, MNIST for Fashion-MNIST, the held-out half for CIFAR-10.</summary>
    public static string DefaultPublic(string privateName) => privateName switch { "cifar10" => "cifar10-heldout", "mnist" => "fashion", _ => "mnist" };

    /// <summary>Why <paramref name="name"/> is not a public set, or null.</summary>
    public static string? PublicProblem(string? name) => name is null || PublicNames.Contains(name) ? null
        : $"unknown public set; expected one of {string.Join(", ", PublicNames)}";

    public static string Folder(string name, string root) => name switch
    {
        "mnist" => DataPaths.Mnist(root),
        "cifar10" => DataPaths.Cifar10(root),
        "fashion" => DataPaths.FashionMnistDefault,
        _ => throw new ArgumentException($"unknown data set '{name}': expected one of {string.Join(", ", Names)}"),
    };

    /// <summary>The named set's training and test parts; one sentence when it is unknown or absent.</summary>
    public static ImageSplit Load(string name, string root)
    {
        string folder = Folder(name, root);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(name == "fashion"
                ? $"no Fashion-MNIST at {folder}: install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"
                : $"no {name} data at {folder}");
        return name == "cifar10" ? Cifar10Loader.Load(folder) : MnistLoader.Load(folder);
    }

    /// <summary>
    /// The public images named <paramref name="publicName"/> for private data <paramref name="privateName"/>, and the test set
    /// that remains: cifar10-heldout takes the first 5,000 test images of cifar10 and leaves the last 5,000 for testing.
    /// </summary>
    public static (ImageDataset Public, ImageDataset Test) Public(string publicName, string privateName, ImageSplit privateData, string root)
    {
        if (publicName == "cifar10-heldout")
        {
            if (privateName != "cifar10")
                throw new ArgumentException($"the public set cifar10-heldout is part of cifar10's test images; the private set is {privateName}");
            ImageDataset test = privateData.Test;
            if (test.Count <= HeldOut) throw new ArgumentException($"cifar10-heldout needs more than {HeldOut} test images, the data has {test.Count}");
            return (test.Take(HeldOut), test.Skip(HeldOut));
        }
        if (!PublicNames.Contains(publicName))
            throw new ArgumentException($"unknown public set '{publicName}': expected one of {string.Join(", ", PublicNames)}");
        if (publicName == privateName)
            throw new ArgumentException($"the public set must not be the private data set itself ({privateName})");
        ImageDataset images = Load(publicName, root).Train;
        ImageDataset reference = privateData.Train;
        if ((images.Channels, images.Height, images.Width) != (reference.Channels, reference.Height, reference.Width))
            throw new ArgumentException($"the public set {publicName} has {images.Channels}×{images.Height}×{images.Width} images, " +
                $"the private set {privateName} {reference.Channels}×{reference.Height}×{reference.Width}");
        return (images, privateData.Test);
    }
}
