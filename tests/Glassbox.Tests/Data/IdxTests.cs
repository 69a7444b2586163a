using System.Buffers.Binary;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Mnist(string name) => Path.Combine(DataPaths.Mnist(TestData.Root), name);

    [Fact]
    public void Mnist_has_60000_and_10000_labelled_28x28_digits()
    {
        var mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root));
        var (train, test) = (mnist.Train, mnist.Test);

        Assert.Equal((60000, 1, 28, 28, 10), (train.Count, train.Channels, train.Height, train.Width, train.Classes));
        Assert.Equal(60000 * 784, train.Pixels.Length);
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3], train.Labels[..8]);
        Assert.Equal(27525, Sum(train.Image(0)));
        Assert.Equal(20920, Sum(train.Image(59999)));
        Assert.Equal(10000, test.Count);
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], test.Labels[..10]);
    }

    [Fact]
    public void A_plain_file_reads_like_its_gzipped_original_whatever_its_name()
    {
        string plain = _temp.File("labels.gz"); // the name lies: content decides
        File.WriteAllBytes(plain, Gz.Unpack(Mnist("t10k-labels-idx1-ubyte.gz")));

        Assert.Equal(IdxFile.ReadLabels(Mnist("t10k-labels-idx1-ubyte.gz")), IdxFile.ReadLabels(plain));
    }

    [Fact]
    public void Wrong_magic_names_both_magics()
    {
        string labels = Mnist("t10k-labels-idx1-ubyte.gz");

        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(labels));

        Assert.Equal(labels, e.File);
        Assert.Equal("byte offset 0 of the unpacked data", e.Location);
        Assert.Contains("expected magic 0x00000803 (IDX unsigned-byte images), found 0x00000801", e.Message);
    }

    [Fact]
    public void A_truncated_plain_file_gives_the_byte_offset_where_it_ends()
    {
        string path = _temp.File("t10k-images-idx3-ubyte");
        File.WriteAllBytes(path, Gz.Unpack(Mnist("t10k-images-idx3-ubyte.gz"))[..(16 + 3 * 784 + 100)]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal("byte offset 2468", e.Location);
        Assert.Contains("expected 7840000 bytes after the header (10000 images of 28x28 pixels)", e.Message);
    }

    [Fact]
    public void A_truncated_gzipped_file_gives_the_offset_in_the_unpacked_data()
    {
        string path = _temp.File("t10k-labels-idx1-ubyte.gz");
        Gz.Pack(path, Gz.Unpack(Mnist("t10k-labels-idx1-ubyte.gz"))[..5008]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadLabels(path));

        Assert.Equal("byte offset 5008 of the unpacked data", e.Location);
    }

    [Fact]
    public void A_cut_gzip_file_is_reported_as_truncated_data()
    {
        string path = _temp.File("cut.gz");
        File.WriteAllBytes(path, File.ReadAllBytes(Mnist("t10k-images-idx3-ubyte.gz"))[..100_000]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));

        Assert.EndsWith("of the unpacked data", e.Location);
        Assert.Contains("(truncated file)", e.Message);
    }

    [Fact]
    public void Labels_must_match_the_images_in_count_and_stay_below_10()
    {
        string images = WriteIdx("images", IdxFile.ImagesMagic, [3, 2, 2], new byte[12]);
        string twoLabels = WriteIdx("two", IdxFile.LabelsMagic, [2], [1, 2]);
        string badLabel = WriteIdx("bad", IdxFile.LabelsMagic, [3], [1, 10, 2]);

        var count = Assert.Throws<DataFormatException>(() => IdxFile.ReadPair(images, twoLabels, 10));
        var label = Assert.Throws<DataFormatException>(() => IdxFile.ReadPair(images, badLabel, 10));

        Assert.Contains("expected 3 labels (the image count of images), found 2", count.Message);
        Assert.Equal("label 1 (byte offset 9)", label.Location);
        Assert.Contains("expected a label in 0..9, found 10", label.Message);
        Assert.Equal(3, IdxFile.ReadPair(images, WriteIdx("ok", IdxFile.LabelsMagic, [3], [0, 9, 5]), 10).Count);
    }

    [Fact]
    public void Bytes_after_the_promised_data_are_refused()
    {
        string path = WriteIdx("long", IdxFile.LabelsMagic, [2], [1, 2, 3]);

        Assert.Contains("byte offset 10: expected the end of the data (2 labels), found more bytes",
            Assert.Throws<DataFormatException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void A_folder_without_the_files_is_missing_data()
    {
        Assert.Throws<MissingDataFileException>(() => MnistLoader.Load(_temp.Path));
    }

    [Fact]
    public void Fashion_mnist_loads_where_installed()
    {
        if (!MnistLoader.IsFashionMnistInstalled()) return; // an optional Debian package; CheckAll reports it
        var fashion = MnistLoader.Load(DataPaths.FashionMnistDefault);

        Assert.Equal((60000, 10000), (fashion.Train.Count, fashion.Test.Count));
    }

    private string WriteIdx(string name, int magic, int[] dims, byte[] body)
    {
        var bytes = new byte[4 + 4 * dims.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        body.CopyTo(bytes, 4 + 4 * dims.Length);
        string path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int Sum(ReadOnlySpan<byte> pixels)
    {
        int sum = 0;
        foreach (byte p in pixels) sum += p;
        return sum;
    }
}
