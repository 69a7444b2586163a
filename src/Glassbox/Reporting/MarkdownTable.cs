using System.Text;

namespace Glassbox.Reporting;

/// <summary>A GitHub-flavoured Markdown table built row by row.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    readonly List<string[]> _rows = new();

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}");
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Join("|", headers.Select(_ => "---")) + "|");
        foreach (string[] row in _rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }
}
