namespace Glassbox.Data;

/// <summary>
/// A folder with the four standard IDX files of MNIST or a data set of the same layout (Fashion-MNIST),
/// each plain or gzipped ("train-images-idx3-ubyte" or "train-images-idx3-ubyte.gz").
/// </summary>
public static class MnistLoader
{
    public const int Classes = 10;

    public static ImageSplit Load(string folder) => new(
        IdxFile.ReadPair(DataStreams.Find(folder, "train-images-idx3-ubyte"), DataStreams.Find(folder, "train-labels-idx1-ubyte"), Classes),
        IdxFile.ReadPair(DataStreams.Find(folder, "t10k-images-idx3-ubyte"), DataStreams.Find(folder, "t10k-labels-idx1-ubyte"), Classes));

    /// <summary>Fashion-MNIST exists on a machine only where the Debian package dataset-fashion-mnist is installed.</summary>
    public static bool IsFashionMnistInstalled(string folder = DataPaths.FashionMnistDefault) => Directory.Exists(folder);
}
