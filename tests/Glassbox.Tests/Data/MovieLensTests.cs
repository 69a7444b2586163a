using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class MovieLensTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => DataPaths.MovieLens100K(TestData.Root);

    [Fact]
    public void Ml100k_has_100000_ratings_of_1682_items_by_943_users()
    {
        var r = MovieLensLoader.Load100K(Folder);

        Assert.Equal((943, 1682, 100000), (r.Users, r.Items, r.Count));
        Assert.Equal((195, 241, 3.0), (r.User[0], r.Item[0], r.Rating[0])); // "196 242 3", ids made 0-based
        Assert.All(r.Rating, v => Assert.InRange(v, 1, 5));
    }

    [Fact]
    public void The_u1_split_shares_the_full_matrix_size()
    {
        var split = MovieLensLoader.LoadSplit(Folder, 1);

        Assert.Equal((80000, 20000), (split.Train.Count, split.Test.Count));
        Assert.Equal((943, 1682), (split.Train.Users, split.Train.Items));
        Assert.Equal((943, 1682), (split.Test.Users, split.Test.Items));
    }

    [Theory]
    [InlineData("6", "field 3", "an integer rating in 1..5, found '6'")]
    [InlineData("3.5", "field 3", "an integer rating in 1..5, found '3.5'")]
    [InlineData("0", "field 1", "a user id >= 1, found '0'")]
    public void Bad_cells_are_refused_with_line_and_field(string value, string field, string message)
    {
        string path = _temp.File("u.data");
        File.WriteAllLines(path, File.ReadLines(Path.Combine(Folder, "u.data")).Take(10));
        TextEdit.Cell(path, line: 4, column: field == "field 1" ? 1 : 3, value);

        var e = Assert.Throws<DataFormatException>(() => MovieLensLoader.Read(path));

        Assert.Equal($"line 4, {field}", e.Location);
        Assert.EndsWith(message, e.Message);
    }

    [Fact]
    public void A_line_with_3_fields_or_a_repeated_pair_is_refused()
    {
        string path = _temp.File("u.data");
        File.WriteAllLines(path, ["1\t2\t3\t4", "1\t3\t3\t4", "1\t2\t5\t9"]);
        Assert.Contains("line 3: expected one rating per (user, item) pair, found user 1 item 2 again (first on line 1)",
            Assert.Throws<DataFormatException>(() => MovieLensLoader.Read(path)).Message);

        File.WriteAllLines(path, ["1\t2\t3\t4", "1\t3\t3"]);
        Assert.Contains("line 2: expected 4 tab-separated fields (user, item, rating, timestamp), found 3",
            Assert.Throws<DataFormatException>(() => MovieLensLoader.Read(path)).Message);
    }

    [Fact]
    public void U_info_must_agree_with_u_data()
    {
        string folder = _temp.Copy(Folder);
        File.WriteAllText(Path.Combine(folder, "u.info"), "944 users\n1682 items\n100000 ratings\n");

        var e = Assert.Throws<DataFormatException>(() => MovieLensLoader.Load100K(folder));

        Assert.Contains("u.info: line 1: expected 943 users (the largest user id in u.data), found 944", e.Message);
    }
}
