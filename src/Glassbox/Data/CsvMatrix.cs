using System.Globalization;

namespace Glassbox.Data;

/// <summary>
/// Comma-separated matrices: no header, one sample a line, the same number of numeric cells on every line,
/// blanks around cells allowed, final newline optional.
/// </summary>
public static class CsvMatrix
{
    public static Matrix Read(string path)
    {
        ReadOnlySpan<byte> text = File.ReadAllBytes(path);
        if (text.StartsWith("\uFEFF"u8)) text = text[3..]; // spreadsheets prepend a byte-order mark

        var lines = new LineReader(text);
        double[]? data = null;
        int cols = 0, row = 0;
        while (lines.TryRead(out var line))
        {
            int n = lines.LineNumber;
            int found = line.IsEmpty ? 0 : line.Count((byte)',') + 1;
            if (data is null)
            {
                if (found == 0) throw new DataFormatException(path, "line 1", "a row of comma-separated numbers", "an empty line");
                cols = found;
                // Every valid line is one row, so the line count sizes the matrix once.
                int rows = text.Count((byte)'\n') + (text[^1] == (byte)'\n' ? 0 : 1);
                if ((long)rows * cols > Array.MaxLength)
                    throw new DataFormatException(path, "whole file", $"at most {Array.MaxLength} cells", $"{rows} rows of {cols}");
                data = new double[rows * cols];
            }
            else if (found != cols)
            {
                throw new DataFormatException(path, $"line {n}", $"{cols} comma-separated columns (as on line 1)",
                    found == 0 ? "an empty line" : $"{found}");
            }

            var values = data.AsSpan(row * cols, cols);
            for (int c = 0; c < cols; c++)
            {
                int comma = line.IndexOf((byte)',');
                var cell = comma < 0 ? line : line[..comma];
                if (!Utf8Cells.TryParseFinite(cell, Utf8Cells.LenientFloat, out values[c]))
                    throw new DataFormatException(path, $"line {n}, column {c + 1}", "a finite number", Utf8Cells.Show(cell));
                line = comma < 0 ? default : line[(comma + 1)..];
            }
            row++;
        }
        if (data is null) throw new DataFormatException(path, "line 1", "a row of comma-separated numbers", "an empty file");
        return new Matrix(row, cols, data);
    }

    /// <summary>Writes with round-trip formatting (reading back gives the same doubles), atomically.</summary>
    public static void Write(string path, Matrix matrix)
    {
        matrix.ThrowIfNotFinite(path);
        AtomicFile.Write(path, stream =>
        {
            var buffer = new byte[1 << 16];
            int used = 0;
            for (int r = 0; r < matrix.Rows; r++)
            {
                var row = matrix.Row(r);
                for (int c = 0; c < row.Length; c++)
                {
                    if (buffer.Length - used < 64)
                    {
                        stream.Write(buffer, 0, used);
                        used = 0;
                    }
                    if (c > 0) buffer[used++] = (byte)',';
                    row[c].TryFormat(buffer.AsSpan(used), out int written, "R", CultureInfo.InvariantCulture);
                    used += written;
                }
                buffer[used++] = (byte)'\n';
            }
            stream.Write(buffer, 0, used);
        });
    }
}
