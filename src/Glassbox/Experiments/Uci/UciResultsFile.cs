namespace Glassbox.Experiments.Uci;

/// <summary>
/// results.jsonl: one JSON object per finished (data set, method), saved atomically (see
/// <see cref="JsonLinesFile{T}"/>); lines are kept in the run's canonical order, so an
/// interrupted-then-resumed run writes the same file as an uninterrupted one (up to the measured seconds).
/// </summary>
public sealed class UciResultsFile(string path)
{
    readonly JsonLinesFile<UciResult> _file = new(path, "UCI result");

    public string Path => _file.Path;

    public List<UciResult> Load() => _file.Load();

    /// <summary>Writes <paramref name="results"/> sorted by <paramref name="order"/>, atomically.</summary>
    public void Save(IEnumerable<UciResult> results, Func<UciResult, (int, int)> order) =>
        _file.Save(results.OrderBy(order).ThenBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal));
}
