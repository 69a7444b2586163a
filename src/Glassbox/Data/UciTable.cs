namespace Glassbox.Data;

/// <summary>
/// Reads one _R.dat file: a header row, then per row its 1-based index, the features and the class,
/// tab-separated. Every cell is checked; the row count must match the metadata.
/// </summary>
internal static class UciTable
{
    public static (double[] X, int[] Y) Read(string path, int rows, string rowsKey, UciMetadata meta)
    {
        int features = meta.Features;
        int columns = features + 2;
        if ((long)rows * features > Array.MaxLength)
            throw new DataFormatException(meta.Path, "whole file", $"at most {Array.MaxLength} cells", $"{rows} rows of {features} features");

        byte[] bytes = File.ReadAllBytes(path);
        var lines = new LineReader(bytes);
        if (!lines.TryRead(out var header))
            throw new DataFormatException(path, "line 1", $"a header row of {columns} tab-separated columns", "an empty file");
        CheckColumns(header, path, 1, columns, features);

        var x = new double[rows * features];
        var y = new int[rows];
        int row = 0;
        while (lines.TryRead(out var line))
        {
            int lineNumber = lines.LineNumber;
            if (row == rows)
            {
                int found = rows + 1 + lines.CountRemaining();
                throw new DataFormatException(path, $"line {lineNumber}",
                    $"{rows} data rows ({rowsKey} in {meta.FileName})", $"{found} lines after the header");
            }
            CheckColumns(line, path, lineNumber, columns, features);

            int tab = line.IndexOf((byte)'\t');
            var cell = line[..tab];
            if (!Utf8Cells.TryParseNatural(cell, out int index) || index != row + 1)
                throw new DataFormatException(path, $"line {lineNumber}, column 1", $"row index {row + 1}", Utf8Cells.Show(cell));
            line = line[(tab + 1)..];

            var rowValues = x.AsSpan(row * features, features);
            for (int f = 0; f < features; f++)
            {
                tab = line.IndexOf((byte)'\t');
                cell = line[..tab];
                if (!Utf8Cells.TryParseFinite(cell, Utf8Cells.StrictFloat, out rowValues[f]))
                    throw new DataFormatException(path, $"line {lineNumber}, column {f + 2}", "a finite number", Utf8Cells.Show(cell));
                line = line[(tab + 1)..];
            }

            // What is left of the line is the class cell.
            if (!Utf8Cells.TryParseNatural(line, out int label) || label >= meta.Classes)
                throw new DataFormatException(path, $"line {lineNumber}, column {columns}",
                    $"an integer class in [0, {meta.Classes}) (n_clases in {meta.FileName})", Utf8Cells.Show(line));
            y[row++] = label;
        }
        if (row != rows)
            throw new DataFormatException(path, $"end of file (line {lines.LineNumber})",
                $"{rows} data rows ({rowsKey} in {meta.FileName})", $"{row}");
        return (x, y);
    }

    private static void CheckColumns(ReadOnlySpan<byte> line, string path, int lineNumber, int columns, int features)
    {
        int found = line.IsEmpty ? 0 : line.Count((byte)'\t') + 1;
        if (found != columns)
            throw new DataFormatException(path, $"line {lineNumber}",
                $"{columns} tab-separated columns (row index, {features} features, class)",
                found == 0 ? "an empty line" : $"{found}");
    }
}
