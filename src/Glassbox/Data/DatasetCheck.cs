namespace Glassbox.Data;

/// <summary>
/// The outcome of loading one data set in full. <see cref="Rows"/> counts training plus test rows for
/// a UCI set with a test file, and training rows only for the image sets (see <see cref="Detail"/>).
/// </summary>
/// <param name="Kind">One of <see cref="DatasetKind"/>.</param>
/// <param name="Status">One of <see cref="DatasetStatus"/>.</param>
/// <param name="Detail">Splits and sizes when OK; the error message when not.</param>
public sealed record DatasetCheck(
    string Name, string Kind, int? Rows, int? Features, int? Classes, string Status, string? Detail)
{
    public bool IsOk => Status == DatasetStatus.Ok;
}

public static class DatasetStatus
{
    public const string Ok = "OK";
    public const string MissingDataFile = "missing data file";
    public const string NotInstalled = "not installed";
    public const string Corrupt = "corrupt";
}

public static class DatasetKind
{
    public const string Uci = "uci";
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";
    public const string MovieLens = "movielens";
}
