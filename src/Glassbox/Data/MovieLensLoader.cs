namespace Glassbox.Data;

/// <summary>
/// MovieLens 100K (ml-100k): lines "user \t item \t rating \t timestamp" with 1-based ids and integer ratings 1..5.
/// </summary>
public static class MovieLensLoader
{
    public const string RatingsFileName = "u.data";
    public const string InfoFileName = "u.info";

    /// <summary>One ratings file; the dimensions are the largest ids in it. Each (user, item) pair must occur once.</summary>
    public static Ratings Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int capacity = bytes.AsSpan().Count((byte)'\n') + 1;
        var users = new List<int>(capacity);
        var items = new List<int>(capacity);
        var ratings = new List<double>(capacity);
        var firstLine = new Dictionary<long, int>(capacity);
        int maxUser = 0, maxItem = 0;
        var lines = new LineReader(bytes);
        while (lines.TryRead(out var line))
        {
            int n = lines.LineNumber;
            int fields = line.IsEmpty ? 0 : line.Count((byte)'\t') + 1;
            if (fields != 4)
                throw new DataFormatException(path, $"line {n}", "4 tab-separated fields (user, item, rating, timestamp)",
                    fields == 0 ? "an empty line" : $"{fields}");
            int user = Id(ref line, path, n, 1, "a user id >= 1");
            int item = Id(ref line, path, n, 2, "an item id >= 1");
            int tab = line.IndexOf((byte)'\t');
            var cell = line[..tab];
            if (!Utf8Cells.TryParseNatural(cell, out int rating) || rating is < 1 or > 5)
                throw new DataFormatException(path, $"line {n}, field 3", "an integer rating in 1..5", Utf8Cells.Show(cell));
            cell = line[(tab + 1)..];
            if (!Utf8Cells.TryParseNatural(cell, out long _))
                throw new DataFormatException(path, $"line {n}, field 4", "an integer timestamp", Utf8Cells.Show(cell));
            if (!firstLine.TryAdd(((long)user << 32) | (uint)item, n))
                throw new DataFormatException(path, $"line {n}", "one rating per (user, item) pair",
                    $"user {user} item {item} again (first on line {firstLine[((long)user << 32) | (uint)item]})");

            users.Add(user - 1);
            items.Add(item - 1);
            ratings.Add(rating);
            maxUser = Math.Max(maxUser, user);
            maxItem = Math.Max(maxItem, item);
        }
        if (ratings.Count == 0)
            throw new DataFormatException(path, "line 1", "a rating", "an empty file");
        return new Ratings(maxUser, maxItem, [.. users], [.. items], [.. ratings]);
    }

    /// <summary>u.data of the folder, checked against the counts in u.info where that file exists.</summary>
    public static Ratings Load100K(string folder)
    {
        var ratings = Read(Required(folder, RatingsFileName));
        string info = Path.Combine(folder, InfoFileName);
        if (File.Exists(info)) CheckInfo(info, ratings);
        return ratings;
    }

    /// <summary>u{fold}.base and u{fold}.test (fold 1..5), both sized to the whole matrix (u.info, or the larger ids).</summary>
    public static RatingsSplit LoadSplit(string folder, int fold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fold, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fold, 5);
        var train = Read(Required(folder, $"u{fold}.base"));
        var test = Read(Required(folder, $"u{fold}.test"));
        int users = Math.Max(train.Users, test.Users), items = Math.Max(train.Items, test.Items);
        string info = Path.Combine(folder, InfoFileName);
        if (File.Exists(info))
        {
            var counts = ReadInfo(info);
            if (counts.TryGetValue("users", out var u)) users = Math.Max(users, u.Value);
            if (counts.TryGetValue("items", out var i)) items = Math.Max(items, i.Value);
        }
        return new RatingsSplit(train with { Users = users, Items = items }, test with { Users = users, Items = items });
    }

    private static int Id(ref ReadOnlySpan<byte> line, string path, int lineNumber, int field, string expected)
    {
        int tab = line.IndexOf((byte)'\t');
        var cell = line[..tab];
        if (!Utf8Cells.TryParseNatural(cell, out int id) || id < 1)
            throw new DataFormatException(path, $"line {lineNumber}, field {field}", expected, Utf8Cells.Show(cell));
        line = line[(tab + 1)..];
        return id;
    }

    private static string Required(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path)) throw new MissingDataFileException(path, "MovieLens folder", $"the file {name}");
        return path;
    }

    // u.info reads "943 users", "1682 items", "100000 ratings"; ids run 1..count, so the counts are the maxima.
    private static void CheckInfo(string path, Ratings ratings)
    {
        var counts = ReadInfo(path);
        Check("users", ratings.Users, "the largest user id");
        Check("items", ratings.Items, "the largest item id");
        Check("ratings", ratings.Count, "the number of ratings");

        void Check(string key, int actual, string what)
        {
            if (!counts.TryGetValue(key, out var entry))
                throw new DataFormatException(path, "whole file", $"a line '<count> {key}'", "none");
            if (entry.Value != actual)
                throw new DataFormatException(path, $"line {entry.Line}", $"{actual} {key} ({what} in {RatingsFileName})", $"{entry.Value}");
        }
    }

    private static Dictionary<string, (int Value, int Line)> ReadInfo(string path)
    {
        var counts = new Dictionary<string, (int Value, int Line)>(StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            string[] parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int value))
                throw new DataFormatException(path, $"line {i + 1}", "'<count> <what>'", $"'{lines[i]}'");
            counts[parts[1]] = (value, i + 1);
        }
        return counts;
    }
}
