using System.Globalization;
using System.Text;

namespace Glassbox.Data;

/// <summary>Parsing and quoting of single text cells, straight from UTF-8 bytes (no string per cell).</summary>
internal static class Utf8Cells
{
    /// <summary>Sign, digits, point, exponent: no spaces, thousands separators or hex, so junk is not read as a number.</summary>
    public const NumberStyles StrictFloat =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Also allows blanks around the number, as hand-written CSV often has.</summary>
    public const NumberStyles LenientFloat = NumberStyles.Float;

    /// <summary>NaN, infinity and overflow are rejected: in a data file they are corruption, not values.</summary>
    public static bool TryParseFinite(ReadOnlySpan<byte> cell, NumberStyles styles, out double value) =>
        double.TryParse(cell, styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Digits only: a sign, point or blank makes it "not an integer" for index and label columns.</summary>
    public static bool TryParseNatural(ReadOnlySpan<byte> cell, out int value) =>
        int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseNatural(ReadOnlySpan<byte> cell, out long value) =>
        long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The cell as it reads in the "found ..." part of a message: quoted, cut to 40 bytes.</summary>
    public static string Show(ReadOnlySpan<byte> cell)
    {
        const int max = 40;
        if (cell.IsEmpty) return "an empty cell";
        string text = Encoding.UTF8.GetString(cell.Length > max ? cell[..max] : cell);
        return cell.Length > max ? $"'{text}...'" : $"'{text}'";
    }
}
