namespace Glassbox.Data;

/// <summary>Where each data set lives under a data root (the layout of ../shared/data).</summary>
public static class DataPaths
{
    /// <summary>Where the Debian package dataset-fashion-mnist puts its four IDX files.</summary>
    public const string FashionMnistDefault = "/usr/share/datasets/fashion-mnist";

    public static string Uci(string root) => Path.Combine(root, "uci");

    public static string UciSet(string root, string name) => Path.Combine(root, "uci", name);

    public static string Mnist(string root) => Path.Combine(root, "mnist");

    public static string Cifar10(string root) => Path.Combine(root, "cifar10-jpeg");

    public static string MovieLens100K(string root) => Path.Combine(root, "movielens", "ml-100k");
}
