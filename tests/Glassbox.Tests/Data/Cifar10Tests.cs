using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class Cifar10Tests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Batch(string name) => Path.Combine(DataPaths.Cifar10(TestData.Root), name);

    [Fact]
    public void The_subset_has_10000_and_10000_images_of_3x32x32_with_1000_a_class_in_training()
    {
        var cifar = Cifar10Loader.Load(DataPaths.Cifar10(TestData.Root));
        var train = cifar.Train;

        Assert.Equal((10000, 3, 32, 32, 10), (train.Count, train.Channels, train.Height, train.Width, train.Classes));
        Assert.All(train.Labels.CountBy(l => l), p => Assert.Equal(1000, p.Value));
        Assert.Equal([0, 1], train.Labels[..2]);
        Assert.Equal([200, 202, 203], train.Image(0)[..3].ToArray()); // first red pixels
        Assert.Equal(10000, cifar.Test.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], cifar.Test.Labels[..10]);
    }

    [Fact]
    public void A_truncated_record_gives_its_index_and_byte_offset()
    {
        string path = _temp.File("test_batch.bin");
        File.WriteAllBytes(path, Gz.Unpack(Batch("test_batch.bin.gz"))[..(3 * 3073 + 100)]);

        var e = Assert.Throws<DataFormatException>(() => Cifar10Loader.ReadBatch(path));

        Assert.Equal("record 3 (byte offset 9219)", e.Location);
        Assert.Contains("expected 3073 bytes (1 label + 3072 pixels), found 100 (truncated record)", e.Message);
    }

    [Fact]
    public void A_label_above_9_is_refused_gzipped_or_not()
    {
        byte[] data = Gz.Unpack(Batch("test_batch.bin.gz"))[..(5 * 3073)];
        data[4 * 3073] = 10;
        string gz = _temp.File("bad.bin.gz");
        Gz.Pack(gz, data);

        var e = Assert.Throws<DataFormatException>(() => Cifar10Loader.ReadBatch(gz));

        Assert.Equal("record 4 (byte offset 12292 of the unpacked data)", e.Location);
        Assert.Contains("expected a label in 0..9, found 10", e.Message);
    }
}
