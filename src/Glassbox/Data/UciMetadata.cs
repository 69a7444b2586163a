using System.Globalization;

namespace Glassbox.Data;

/// <summary>
/// The "key= value" file &lt;name&gt;.txt of a UCI set (keys in Galician: n_entradas = inputs,
/// n_clases = classes, fich1/fich2 = files, n_patrons1/2 = rows of each file).
/// </summary>
internal sealed record UciMetadata(
    string Path,
    int Features,
    int Classes,
    string TrainFile,
    int TrainRows,
    string? TestFile,
    int TestRows,
    int? SelectionTrain,
    int? SelectionValidation)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public static UciMetadata Read(string path)
    {
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
                throw new DataFormatException(path, $"line {i + 1}", "a line 'key= value'", Show(line));
            string key = line[..eq].Trim();
            if (!values.TryAdd(key, (line[(eq + 1)..].Trim(), i + 1)))
                throw new DataFormatException(path, $"line {i + 1}", $"each key once", $"'{key}' again (first on line {values[key].Line})");
        }

        var reader = new Reader(path, values);
        string? testFile = reader.OptionalFile("fich2");
        var meta = new UciMetadata(
            path,
            Features: reader.Int("n_entradas", min: 1),
            Classes: reader.Int("n_clases", min: 1),
            TrainFile: reader.File("fich1"),
            TrainRows: reader.Int("n_patrons1", min: 1),
            TestFile: testFile,
            TestRows: testFile is null ? 0 : reader.Int("n_patrons2", min: 1),
            SelectionTrain: reader.OptionalInt("n_patrons_entrena", min: 1),
            SelectionValidation: reader.OptionalInt("n_patrons_valida", min: 1));
        int files = testFile is null ? 1 : 2;
        int? declared = reader.OptionalInt("n_arquivos", min: 1);
        if (declared is { } n && n != files)
            throw new DataFormatException(path, $"line {values["n_arquivos"].Line}",
                $"n_arquivos= {files} (the fich keys present)", $"{n}");
        return meta;
    }

    private static string Show(string text) => text.Length > 40 ? $"'{text[..40]}...'" : $"'{text}'";

    private readonly struct Reader(string path, Dictionary<string, (string Value, int Line)> values)
    {
        public int Int(string key, int min) =>
            OptionalInt(key, min) ?? throw Missing(key, "<integer>");

        public int? OptionalInt(string key, int min)
        {
            if (!values.TryGetValue(key, out var entry)) return null;
            if (!int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min)
                throw new DataFormatException(path, $"line {entry.Line}", $"{key}= an integer >= {min}", Show(entry.Value));
            return value;
        }

        public string File(string key) => OptionalFile(key) ?? throw Missing(key, "<file name>");

        public string? OptionalFile(string key)
        {
            if (!values.TryGetValue(key, out var entry)) return null;
            // A bare name keeps the data inside the set's folder.
            if (entry.Value.Length == 0 || System.IO.Path.GetFileName(entry.Value) != entry.Value)
                throw new DataFormatException(path, $"line {entry.Line}", $"{key}= a file name without folders", Show(entry.Value));
            return entry.Value;
        }

        private DataFormatException Missing(string key, string what) =>
            new(path, "whole file", $"a line '{key}= {what}'", "none");
    }
}
