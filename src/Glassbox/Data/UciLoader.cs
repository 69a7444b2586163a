namespace Glassbox.Data;

/// <summary>Loads a UCI set folder (Fernández-Delgado format) with every file strictly checked.</summary>
public static class UciLoader
{
    public const string SelectionFileName = "conxuntos.dat";
    public const string FoldsFileName = "conxuntos_kfold.dat";
    public const int FoldCount = 4;

    public static UciDataset Load(string uciFolder, string name) => Load(Path.Combine(uciFolder, name));

    /// <summary>Loads uci/&lt;name&gt;/; the name is the folder's name.</summary>
    /// <exception cref="MissingDataFileException">The metadata or a data file it names is absent.</exception>
    /// <exception cref="DataFormatException">Any file of the set breaks the format.</exception>
    public static UciDataset Load(string setFolder)
    {
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(setFolder));
        string name = Path.GetFileName(folder);
        string metaPath = Path.Combine(folder, name + ".txt");
        if (!File.Exists(metaPath))
            throw new MissingDataFileException(metaPath, "set folder", $"the metadata file {name}.txt");
        var meta = UciMetadata.Read(metaPath);

        string trainPath = DataFile(folder, meta.TrainFile, "fich1", meta);
        string? testPath = meta.TestFile is null ? null : DataFile(folder, meta.TestFile, "fich2", meta);
        var (x, y) = UciTable.Read(trainPath, meta.TrainRows, "n_patrons1", meta);
        var (testX, testY) = testPath is null
            ? (null, null)
            : UciTable.Read(testPath, meta.TestRows, "n_patrons2", meta);

        // Both index files point into the training file only (checked on all 121 sets: max index = n_patrons1 - 1).
        string rowsWhat = testPath is null ? "rows of the data file" : "rows of the training file";
        UciSplit? selection = ReadSelection(Path.Combine(folder, SelectionFileName), meta, rowsWhat);
        string foldsPath = Path.Combine(folder, FoldsFileName);
        IReadOnlyList<UciSplit>? folds = File.Exists(foldsPath)
            ? UciIndexFile.ReadPairs(foldsPath, 2 * FoldCount, meta.TrainRows, rowsWhat)
            : null;

        return new UciDataset(name, meta.TrainRows, meta.Features, meta.Classes, x, y,
            meta.TestRows, testX, testY, selection, folds);
    }

    private static string DataFile(string folder, string fileName, string key, UciMetadata meta)
    {
        string path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
            throw new MissingDataFileException(path, $"{key} of {meta.FileName}", "the data file it names");
        return path;
    }

    private static UciSplit? ReadSelection(string path, UciMetadata meta, string rowsWhat)
    {
        if (!File.Exists(path)) return null;
        var selection = UciIndexFile.ReadPairs(path, 2, meta.TrainRows, rowsWhat)[0];
        CheckCount(path, 1, selection.Train.Length, meta.SelectionTrain, "n_patrons_entrena", meta);
        CheckCount(path, 2, selection.Test.Length, meta.SelectionValidation, "n_patrons_valida", meta);
        return selection;
    }

    private static void CheckCount(string path, int line, int found, int? expected, string key, UciMetadata meta)
    {
        if (expected is { } n && n != found)
            throw new DataFormatException(path, $"line {line}", $"{n} row indices ({key} in {meta.FileName})", $"{found}");
    }
}
