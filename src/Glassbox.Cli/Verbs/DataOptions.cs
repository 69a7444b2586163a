using System.CommandLine;
using Glassbox.Data;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>The data-root option shared by every verb that reads data.</summary>
public static class DataOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Data root (default: ${DataRoot.EnvironmentVariable}, then ./data, then ../shared/data beside the repository)",
    };

    /// <summary>The data root; a named folder that does not exist is a usage error.</summary>
    public static string ResolveRoot(string? dataDir)
    {
        try
        {
            return DataRoot.Resolve(dataDir);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// A named image set for the privacy verbs, cut to its first N training and test images; CIFAR-10's test set is then
    /// its last 5,000 test images (the first 5,000 are the InstaHide runs' public set). One sentence when it is absent.
    /// </summary>
    public static ImageSplit LoadImages(string name, string? dataDir, int? trainImages = null, int? testImages = null)
    {
        ImageSplit data;
        try { data = ImageSets.Load(name, ResolveRoot(dataDir)); }
        catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException) { throw new UsageException(e.Message); }
        // The held-out half goes first, so that --test-images counts within the test images that remain.
        ImageDataset test = name == "cifar10" ? data.Test.Skip(ImageSets.HeldOut) : data.Test;
        return new ImageSplit(TrainingRunOptions.Cut(data.Train, trainImages, "--train-images"), TrainingRunOptions.Cut(test, testImages, "--test-images"));
    }

    /// <summary>For `doctor`: the root and which data sets are present, without reading them.</summary>
    public static void DescribeRoot(IAnsiConsole console, string? dataDir)
    {
        string root;
        try
        {
            root = DataRoot.Resolve(dataDir);
        }
        catch (DirectoryNotFoundException e)
        {
            console.MarkupLine($"[yellow]data root:[/] none ({e.Message.EscapeMarkup()})");
            return;
        }
        var table = new Table().AddColumns("data set", "where", "present").Border(TableBorder.Simple);
        string uci = DataPaths.Uci(root);
        int uciSets = Directory.Exists(uci) ? UciCatalog.ListDatasets(uci).Count : 0;
        table.AddRow("UCI (Fernández-Delgado)", uci.EscapeMarkup(), uciSets > 0 ? $"{uciSets} sets" : "no");
        AddFolder(table, "MNIST", DataPaths.Mnist(root));
        AddFolder(table, "Fashion-MNIST", DataPaths.FashionMnistDefault);
        AddFolder(table, "CIFAR-10 (subset)", DataPaths.Cifar10(root));
        AddFolder(table, "MovieLens 100K", DataPaths.MovieLens100K(root));
        console.MarkupLine($"data root: {root.EscapeMarkup()}");
        console.Write(table);
    }

    static void AddFolder(Table table, string name, string folder) =>
        table.AddRow(name, folder.EscapeMarkup(), Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any() ? "yes" : "no");
}
