using System.Globalization;

namespace Glassbox.Data;

/// <summary>
/// The header of a .npy file: a Python dict literal such as
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>. Parsed by a tiny
/// recursive-descent reader that knows strings, True/False and tuples of integers, nothing else.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    public static NpyHeader Parse(string text, string path, string location)
    {
        var p = new Parser(text, path, location);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        p.Expect('{');
        while (!p.TryTake('}'))
        {
            string key = p.String();
            p.Expect(':');
            switch (key)
            {
                case "descr": descr = p.String(); break;
                case "fortran_order": fortran = p.Bool(); break;
                case "shape": shape = p.Tuple(); break;
                default: throw p.Error("the keys 'descr', 'fortran_order' and 'shape'", $"'{key}'");
            }
            if (!p.TryTake(',')) { p.Expect('}'); break; }
        }
        p.ExpectEnd();
        return new NpyHeader(
            descr ?? throw p.Error("a 'descr' key", "none"),
            fortran ?? throw p.Error("a 'fortran_order' key", "none"),
            shape ?? throw p.Error("a 'shape' key", "none"));
    }

    public static string Format(string descr, long[] shape)
    {
        string dims = shape.Length == 1
            ? $"{shape[0]},"
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    private struct Parser(string text, string path, string location)
    {
        private int _at;

        public void Expect(char c)
        {
            if (!TryTake(c)) throw Error($"'{c}'", Rest());
        }

        public bool TryTake(char c)
        {
            SkipBlanks();
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        public string String()
        {
            SkipBlanks();
            char quote = _at < text.Length ? text[_at] : '\0';
            if (quote is not ('\'' or '"')) throw Error("a quoted string", Rest());
            int end = text.IndexOf(quote, _at + 1);
            if (end < 0) throw Error("a closing quote", Rest());
            string value = text[(_at + 1)..end];
            _at = end + 1;
            return value;
        }

        public bool Bool()
        {
            SkipBlanks();
            if (Take("True")) return true;
            if (Take("False")) return false;
            throw Error("True or False", Rest());
        }

        public long[] Tuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (!TryTake(')'))
            {
                SkipBlanks();
                int start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
                if (!long.TryParse(text.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                    throw Error("a dimension size", Rest(start));
                dims.Add(d);
                if (!TryTake(',')) { Expect(')'); break; }
            }
            return [.. dims];
        }

        public void ExpectEnd()
        {
            SkipBlanks();
            if (_at != text.Length) throw Error("the end of the header", Rest());
        }

        public readonly DataFormatException Error(string expected, string found) =>
            new(path, location, $"{expected} in the header dict", found);

        private bool Take(string word)
        {
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) != 0) return false;
            _at += word.Length;
            return true;
        }

        private void SkipBlanks()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private readonly string Rest(int? from = null)
        {
            string rest = text[Math.Min(from ?? _at, text.Length)..].TrimEnd();
            if (rest.Length == 0) return "the end of the header";
            return rest.Length > 30 ? $"'{rest[..30]}...'" : $"'{rest}'";
        }
    }
}
