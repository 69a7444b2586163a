namespace Glassbox.Data;

/// <summary>What the uci/ folder holds: the set folders and the NTK paper's list of 90.</summary>
public static class UciCatalog
{
    public const string Ntk90FileName = "NTK90_datasets.txt";

    /// <summary>Names of the set folders under <paramref name="uciFolder"/>, sorted ordinally.</summary>
    public static IReadOnlyList<string> ListDatasets(string uciFolder)
    {
        var names = Directory.GetDirectories(uciFolder).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// The sets of Arora et al. (ICLR 2020): at most 5000 rows and no separate test file; one name a line,
    /// in file order. Each name must be a set folder beside the list, and appear once.
    /// </summary>
    public static IReadOnlyList<string> ReadNtk90(string uciFolder)
    {
        string path = Path.Combine(uciFolder, Ntk90FileName);
        if (!File.Exists(path))
            throw new MissingDataFileException(path, "uci folder", "the list of the NTK paper's 90 sets");
        string[] lines = File.ReadAllLines(path);
        var names = new List<string>(lines.Length);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string name = lines[i].Trim();
            string location = $"line {i + 1}";
            if (name.Length == 0)
                throw new DataFormatException(path, location, "a data set name", "an empty line");
            if (!firstLine.TryAdd(name, i + 1))
                throw new DataFormatException(path, location, "each name once", $"'{name}' again (first on line {firstLine[name]})");
            if (Path.GetFileName(name) != name || !Directory.Exists(Path.Combine(uciFolder, name)))
                throw new DataFormatException(path, location, "the name of a set folder in " + uciFolder, $"'{name}'");
            names.Add(name);
        }
        return names;
    }
}
