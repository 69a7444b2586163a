using System.Globalization;

namespace Glassbox.Data;

/// <summary>
/// Test accuracies (%) of the 179 classifiers of Fernández-Delgado et al. (JMLR 15, 2014) on the 121 UCI sets,
/// as in uci/delgado_results.txt: a header "problema", the classifier names, then "min max mean std"; one row per
/// set; "--" where a classifier failed (null here); summary rows after a dashed line are not read.
/// </summary>
public sealed class DelgadoTable
{
    public const string FileName = "delgado_results.txt";
    static readonly string[] Trailer = ["min", "max", "mean", "std"];

    readonly Dictionary<string, double?[]> _rows;
    readonly Dictionary<string, int> _column;

    DelgadoTable(IReadOnlyList<string> classifiers, Dictionary<string, double?[]> rows)
    {
        Classifiers = classifiers;
        _rows = rows;
        _column = classifiers.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Classifiers { get; }

    public IReadOnlyCollection<string> Datasets => _rows.Keys;

    public bool Has(string dataset) => _rows.ContainsKey(dataset);

    /// <summary>The accuracy in percent, or null where the classifier failed on that set.</summary>
    public double? Accuracy(string dataset, string classifier) =>
        (_rows.TryGetValue(dataset, out var row) ? row : throw new KeyNotFoundException($"{FileName} has no row for the set '{dataset}'"))
        [_column.TryGetValue(classifier, out int i) ? i : throw new KeyNotFoundException($"{FileName} has no classifier '{classifier}'")];

    public static DelgadoTable Load(string uciFolder)
    {
        string path = Path.Combine(uciFolder, FileName);
        if (!File.Exists(path)) throw new MissingDataFileException(path, "uci folder", "the 179 classifiers' accuracies of Fernández-Delgado et al.");
        string[] lines = File.ReadAllLines(path);
        string[] header = Fields(lines.Length > 0 ? lines[0] : "");
        if (header.Length < 6 || header[0] != "problema" || !header[^4..].SequenceEqual(Trailer))
            throw new DataFormatException(path, "line 1", "a header 'problema', classifier names, then 'min max mean std'", Preview(lines.FirstOrDefault()));
        string[] classifiers = header[1..^4];
        var rows = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = Fields(lines[i]);
            if (cells.Length == 0) continue;
            if (cells.Length == 1 && cells[0].All(c => c == '-')) break;
            string location = $"line {i + 1}";
            if (cells.Length != header.Length)
                throw new DataFormatException(path, location, $"{header.Length} fields (a set name, {classifiers.Length} accuracies, 4 statistics)", $"{cells.Length}");
            var row = new double?[classifiers.Length];
            for (int j = 0; j < classifiers.Length; j++)
            {
                string cell = cells[j + 1];
                if (cell == "--") continue;
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || a is < 0 or > 100)
                    throw new DataFormatException(path, $"{location}, column {j + 2} ({classifiers[j]})", "an accuracy in [0, 100] or --", $"'{cell}'");
                row[j] = a;
            }
            if (!rows.TryAdd(cells[0], row)) throw new DataFormatException(path, location, "each set once", $"'{cells[0]}' again");
        }
        return new DelgadoTable(classifiers, rows);
    }

    static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static string Preview(string? line) => line is null ? "an empty file" : $"'{(line.Length > 60 ? line[..60] + "…" : line.Trim())}'";
}
