using System.Text.Json;
using Glassbox.Data;

namespace Glassbox.Experiments;

/// <summary>
/// A results file of one JSON object per line. Every save rewrites the whole file through a temporary
/// file and a rename, so a kill leaves either the old or the new file, never half a line; a temporary
/// left by a killed save is removed on the next load (it never held anything the real file lacks).
/// </summary>
public sealed class JsonLinesFile<T>(string path, string what) where T : class
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Path { get; } = path;

    public List<T> Load()
    {
        RemoveStaleTemporaries();
        if (!File.Exists(Path)) return new List<T>();
        var results = new List<T>();
        int line = 0;
        foreach (string text in File.ReadLines(Path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                results.Add(JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path}: line {line}: expected one {what} as JSON, found '{Truncate(text)}' ({e.Message})");
            }
        }
        return results;
    }

    /// <summary>Writes <paramref name="results"/> in the given order, atomically.</summary>
    public void Save(IEnumerable<T> results) =>
        AtomicFile.WriteText(Path, string.Concat(results.Select(r => JsonSerializer.Serialize(r, Json) + "\n")));

    void RemoveStaleTemporaries()
    {
        string full = System.IO.Path.GetFullPath(Path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) return;
        foreach (string temp in Directory.GetFiles(folder, $".{System.IO.Path.GetFileName(full)}.*.tmp")) // AtomicFile's naming
            File.Delete(temp);
    }

    static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
