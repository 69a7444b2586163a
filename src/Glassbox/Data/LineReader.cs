namespace Glassbox.Data;

/// <summary>
/// Splits UTF-8 text into lines without allocating, counting 1-based line numbers for error messages.
/// A final newline ends the last line rather than starting an empty one; "\r\n" is accepted.
/// </summary>
internal ref struct LineReader(ReadOnlySpan<byte> text)
{
    private ReadOnlySpan<byte> _rest = text;

    /// <summary>1-based number of the line last returned by <see cref="TryRead"/>.</summary>
    public int LineNumber { get; private set; }

    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }
        int newline = _rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = _rest;
            _rest = default;
        }
        else
        {
            line = _rest[..newline];
            _rest = _rest[(newline + 1)..];
        }
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        LineNumber++;
        return true;
    }

    /// <summary>Counts the lines still to come, for "found N rows" when a file runs long.</summary>
    public int CountRemaining()
    {
        int n = 0;
        while (TryRead(out _)) n++;
        return n;
    }
}
