using System.Collections.Concurrent;

namespace Glassbox.Data;

/// <summary>Loads every data set under a root with full validation and says, per set, whether it is usable.</summary>
public static class DataCatalog
{
    /// <summary>
    /// One row per UCI set (ordinal name order), then MNIST, Fashion-MNIST, CIFAR-10 and MovieLens 100K.
    /// A broken set becomes a row, never an exception. Progress gets each row as it completes (in any order).
    /// </summary>
    public static IReadOnlyList<DatasetCheck> CheckAll(
        string root, IProgress<DatasetCheck>? progress = null, string fashionMnistFolder = DataPaths.FashionMnistDefault)
    {
        var jobs = new List<(string Name, string Kind, Func<DatasetCheck> Run)>();
        string uci = DataPaths.Uci(root);
        if (Directory.Exists(uci))
        {
            foreach (string name in UciCatalog.ListDatasets(uci))
                jobs.Add((name, DatasetKind.Uci, () => CheckUci(Path.Combine(uci, name))));
        }
        else
        {
            jobs.Add(("uci", DatasetKind.Uci, () => throw new MissingDataFileException(uci, "data root", "a folder of UCI sets")));
        }
        jobs.Add(("mnist", DatasetKind.Mnist, () => CheckImages("mnist", DatasetKind.Mnist, MnistLoader.Load(DataPaths.Mnist(root)))));
        jobs.Add(("fashion-mnist", DatasetKind.FashionMnist, () => Directory.Exists(fashionMnistFolder)
            ? CheckImages("fashion-mnist", DatasetKind.FashionMnist, MnistLoader.Load(fashionMnistFolder))
            : new DatasetCheck("fashion-mnist", DatasetKind.FashionMnist, null, null, null, DatasetStatus.NotInstalled,
                $"{fashionMnistFolder} absent; apt-get install dataset-fashion-mnist")));
        jobs.Add(("cifar10", DatasetKind.Cifar10, () => CheckImages("cifar10", DatasetKind.Cifar10, Cifar10Loader.Load(DataPaths.Cifar10(root)))));
        jobs.Add(("ml-100k", DatasetKind.MovieLens, () => CheckMovieLens(DataPaths.MovieLens100K(root))));

        // The big image sets first, so the two-core machine is not left waiting on one of them at the end.
        var order = Enumerable.Range(0, jobs.Count).OrderBy(i => jobs[i].Kind == DatasetKind.Uci ? 1 : 0).ToArray();
        var results = new DatasetCheck[jobs.Count];
        Parallel.ForEach(
            Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i =>
            {
                results[i] = Run(jobs[i].Name, jobs[i].Kind, jobs[i].Run);
                progress?.Report(results[i]);
            });
        return results;
    }

    private static DatasetCheck Run(string name, string kind, Func<DatasetCheck> check)
    {
        try
        {
            return check();
        }
        catch (MissingDataFileException e)
        {
            return new DatasetCheck(name, kind, null, null, null, DatasetStatus.MissingDataFile, e.Message);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            return new DatasetCheck(name, kind, null, null, null, DatasetStatus.Corrupt, e.Message);
        }
    }

    private static DatasetCheck CheckUci(string folder)
    {
        var set = UciLoader.Load(folder);
        string? detail = set.HasTestSet ? $"train {set.Rows} + test {set.TestRows}" : null;
        return new DatasetCheck(set.Name, DatasetKind.Uci, set.Rows + set.TestRows, set.Features, set.Classes, DatasetStatus.Ok, detail);
    }

    private static DatasetCheck CheckImages(string name, string kind, ImageSplit split)
    {
        var train = split.Train;
        return new DatasetCheck(name, kind, train.Count, train.ImageSize, train.Classes, DatasetStatus.Ok,
            $"{train.Count}/{split.Test.Count} train/test, {train.Channels}x{train.Height}x{train.Width}");
    }

    private static DatasetCheck CheckMovieLens(string folder)
    {
        var ratings = MovieLensLoader.Load100K(folder);
        for (int fold = 1; fold <= 5; fold++)
        {
            if (File.Exists(Path.Combine(folder, $"u{fold}.base"))) MovieLensLoader.LoadSplit(folder, fold);
        }
        return new DatasetCheck("ml-100k", DatasetKind.MovieLens, ratings.Count, null, null, DatasetStatus.Ok,
            $"{ratings.Users} users, {ratings.Items} items");
    }
}
