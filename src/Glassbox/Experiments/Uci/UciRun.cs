using Glassbox.Data;

namespace Glassbox.Experiments.Uci;

/// <summary>Progress of a UCI run: the job that just finished (or is starting) and the share of estimated work done.</summary>
/// <summary>
/// Progress of a UCI run: a pair starting (<paramref name="Finished"/> and <paramref name="Within"/> null), its share done
/// so far (<paramref name="Within"/>), or finished.
/// </summary>
public sealed record UciProgress(string Dataset, string Method, double WorkDone, double WorkTotal, UciResult? Finished, double? Within = null);

/// <summary>
/// The resumable benchmark: every (data set, method) pair in order, one result saved as soon as it
/// finishes; pairs already in the results file are skipped, so a killed run resumes where it stopped.
/// </summary>
public sealed class UciRun(string uciFolder, IReadOnlyList<string> datasets, IReadOnlyList<IUciMethod> methods, UciResultsFile file)
{
    /// <summary>How many of this run's (set, method) pairs the results file already holds with these settings.</summary>
    public int Reusable()
    {
        var settings = methods.ToDictionary(m => m.Name, m => m.Settings);
        return file.Load().Count(r => datasets.Contains(r.Dataset) && settings.TryGetValue(r.Method, out string? s) && r.Settings == s);
    }

    /// <summary>Runs what is missing and returns every result in canonical order.</summary>
    public IReadOnlyList<UciResult> Execute(IProgress<UciProgress>? progress = null, CancellationToken cancel = default)
    {
        // Results of other sets or methods in the same file are kept as they are, never dropped.
        var results = file.Load();
        // A result counts as done only when computed with this method's settings; one with other settings is replaced.
        var settings = methods.ToDictionary(m => m.Name, m => m.Settings);
        var done = results.Where(r => settings.TryGetValue(r.Method, out string? s) && r.Settings == s).Select(r => (r.Dataset, r.Method)).ToHashSet();
        var rows = datasets.ToDictionary(d => d, d => RowCount(Path.Combine(uciFolder, d)));
        // Cost grows roughly with n² (kernels and SVM fits); a good enough weight for the ETA.
        double Weight(string d) => 1.0 + rows[d] * (double)rows[d] / 1e4;
        double total = datasets.Sum(d => Weight(d) * methods.Count), finished = 0;

        foreach (string dataset in datasets)
        {
            var pending = methods.Where(m => !done.Contains((dataset, m.Name))).ToList();
            finished += Weight(dataset) * (methods.Count - pending.Count);
            if (pending.Count == 0) continue;
            UciDataset data = UciLoader.Load(Path.Combine(uciFolder, dataset));
            foreach (IUciMethod method in pending)
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Report(new UciProgress(dataset, method.Name, finished, total, null));
                double start = finished, weight = Weight(dataset);
                UciResult result = UciProtocol.Run(method, data, progress is null ? null
                    : new InlineProgress<double>(share => progress.Report(new UciProgress(dataset, method.Name, start + weight * share, total, null, share))));
                results.RemoveAll(r => r.Dataset == dataset && r.Method == method.Name);
                results.Add(result);
                file.Save(results, Order);
                finished += Weight(dataset);
                progress?.Report(new UciProgress(dataset, method.Name, finished, total, result));
            }
        }
        return results.Where(r => datasets.Contains(r.Dataset) && settings.TryGetValue(r.Method, out string? s) && r.Settings == s).OrderBy(Order).ToList();
    }

    // This run's sets and methods in their given order; anything else after them, by name.
    (int, int) Order(UciResult r) =>
        (Rank(datasets, r.Dataset), Rank(methods.Select(m => m.Name).ToList(), r.Method));

    static int Rank(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == item) return i;
        return int.MaxValue;
    }

    /// <summary>The row count from the set's metadata, without reading the data (for the ETA only).</summary>
    static int RowCount(string folder)
    {
        string meta = Path.Combine(folder, Path.GetFileName(folder) + ".txt");
        if (!File.Exists(meta)) return 0;
        foreach (string line in File.ReadLines(meta))
            if (line.StartsWith("n_patrons1=") && int.TryParse(line["n_patrons1=".Length..].Trim(), out int n)) return n;
        return 0;
    }
}
