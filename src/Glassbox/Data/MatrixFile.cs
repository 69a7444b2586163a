namespace Glassbox.Data;

/// <summary>Reads and writes a user's matrix by its extension: .csv or .npy.</summary>
public static class MatrixFile
{
    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    public static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws an ArgumentException naming <paramref name="what"/> unless the path ends in .csv or .npy.</summary>
    public static void RequireKnownExtension(string path, string what)
    {
        if (!IsNpy(path) && !IsCsv(path))
            throw new ArgumentException($"{what} '{path}' must end in .csv or .npy");
    }

    public static Matrix Read(string path)
    {
        RequireKnownExtension(path, "input file");
        return IsNpy(path) ? NpyMatrix.Read(path) : CsvMatrix.Read(path);
    }

    public static void Write(string path, Matrix matrix)
    {
        RequireKnownExtension(path, "output file");
        if (IsNpy(path)) NpyMatrix.Write(path, matrix);
        else CsvMatrix.Write(path, matrix);
    }
}
