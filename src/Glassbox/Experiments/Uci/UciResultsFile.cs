using System.Text.Json;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// results.jsonl: one JSON object per finished (data set, method). Every save rewrites the whole
/// file through a temporary file and a rename, so a kill leaves either the old or the new file,
/// never half a line; lines are kept in the run's canonical order, so an interrupted-then-resumed
/// run writes the same file as an uninterrupted one (up to the measured seconds).
/// </summary>
public sealed class UciResultsFile(string path)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public string Path { get; } = path;

    public List<UciResult> Load()
    {
        RemoveStaleTemporaries();
        if (!File.Exists(Path)) return new List<UciResult>();
        var results = new List<UciResult>();
        int line = 0;
        foreach (string text in File.ReadLines(Path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                results.Add(JsonSerializer.Deserialize<UciResult>(text, Json)
                    ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path}: line {line}: expected one UCI result as JSON, found '{Truncate(text)}' ({e.Message})");
            }
        }
        return results;
    }

    /// <summary>Writes <paramref name="results"/> sorted by <paramref name="order"/>, atomically.</summary>
    public void Save(IEnumerable<UciResult> results, Func<UciResult, (int, int)> order)
    {
        string full = System.IO.Path.GetFullPath(Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        string temp = full + $".{Environment.ProcessId}.tmp";
        File.WriteAllLines(temp, results.OrderBy(order).ThenBy(r => r.Dataset, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal).Select(r => JsonSerializer.Serialize(r, Json)));
        File.Move(temp, full, overwrite: true);
    }

    // A run killed in the middle of a save leaves its temporary file; it never held anything the real file lacks.
    void RemoveStaleTemporaries()
    {
        string full = System.IO.Path.GetFullPath(Path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) return;
        foreach (string temp in Directory.GetFiles(folder, System.IO.Path.GetFileName(full) + ".*.tmp"))
            File.Delete(temp);
    }

    static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
