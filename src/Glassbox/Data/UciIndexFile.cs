namespace Glassbox.Data;

/// <summary>
/// conxuntos.dat and conxuntos_kfold.dat: lines of blank-separated 0-based row indices, read as
/// consecutive (train, test) line pairs. Checked: line count, every index in [0, rows), no index
/// repeated within a line, and no index in both lines of a pair (that would leak test rows into training).
/// </summary>
internal static class UciIndexFile
{
    public static IReadOnlyList<UciSplit> ReadPairs(string path, int expectedLines, int rows, string rowsWhat)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new List<int[]>(expectedLines);
        var reader = new LineReader(bytes);
        while (reader.TryRead(out var line))
        {
            if (lines.Count == expectedLines)
            {
                int found = expectedLines + 1 + reader.CountRemaining();
                throw new DataFormatException(path, $"line {reader.LineNumber}", $"{expectedLines} lines", $"{found}");
            }
            lines.Add(ParseLine(line, path, reader.LineNumber, rows, rowsWhat));
        }
        if (lines.Count != expectedLines)
            throw new DataFormatException(path, "end of file", $"{expectedLines} lines", $"{lines.Count}");

        var pairs = new UciSplit[expectedLines / 2];
        var seen = new int[rows];
        for (int p = 0; p < pairs.Length; p++)
        {
            CheckDisjoint(lines[2 * p], lines[2 * p + 1], 2 * p + 1, seen, path);
            pairs[p] = new UciSplit(lines[2 * p], lines[2 * p + 1]);
        }
        return pairs;
    }

    private static int[] ParseLine(ReadOnlySpan<byte> line, string path, int lineNumber, int rows, string rowsWhat)
    {
        var indices = new List<int>(line.Length / 4 + 1);
        int entry = 0;
        while (true)
        {
            int start = 0;
            while (start < line.Length && IsBlank(line[start])) start++;
            line = line[start..];
            if (line.IsEmpty) break;
            int end = 0;
            while (end < line.Length && !IsBlank(line[end])) end++;
            var token = line[..end];
            entry++;
            if (!Utf8Cells.TryParseNatural(token, out int index) || index >= rows)
                throw new DataFormatException(path, $"line {lineNumber}, entry {entry}",
                    $"a row index in [0, {rows}) ({rowsWhat})", Utf8Cells.Show(token));
            indices.Add(index);
            line = line[end..];
        }
        if (indices.Count == 0)
            throw new DataFormatException(path, $"line {lineNumber}", "at least one row index", "an empty line");
        return [.. indices];
    }

    // seen[i] holds the 1-based entry at which row i appeared: positive in the first line, negative in the second.
    private static void CheckDisjoint(int[] first, int[] second, int firstLine, int[] seen, string path)
    {
        Array.Clear(seen);
        for (int e = 0; e < first.Length; e++)
        {
            int i = first[e];
            if (seen[i] != 0)
                throw Repeated(path, firstLine, e + 1, i, $"entry {seen[i]}");
            seen[i] = e + 1;
        }
        for (int e = 0; e < second.Length; e++)
        {
            int i = second[e];
            if (seen[i] < 0)
                throw Repeated(path, firstLine + 1, e + 1, i, $"entry {-seen[i]}");
            if (seen[i] > 0)
                throw new DataFormatException(path, $"line {firstLine + 1}, entry {e + 1}",
                    $"row indices disjoint from line {firstLine}", $"{i}, also entry {seen[i]} of line {firstLine}");
            seen[i] = -(e + 1);
        }
    }

    private static DataFormatException Repeated(string path, int line, int entry, int index, string first) =>
        new(path, $"line {line}, entry {entry}", "each row index once per line", $"{index} again (first at {first})");

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';
}
