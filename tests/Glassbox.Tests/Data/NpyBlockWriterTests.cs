using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class NpyBlockWriterTests
{
    [Fact]
    public void Blocks_in_any_order_make_the_same_file_as_the_whole_matrix()
    {
        using var dir = new TempDir();
        var random = new Random(3);
        var data = Enumerable.Range(0, 7 * 5).Select(_ => random.NextDouble()).ToArray();
        string path = dir.File("k.npy");
        using (var writer = new NpyBlockWriter(path, 7, 5))
        {
            foreach (var (r0, c0, rows, cols) in new[] { (4, 3, 3, 2), (0, 0, 4, 3), (4, 0, 3, 3), (0, 3, 4, 2) })
            {
                var block = new double[rows * cols];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                        block[i * cols + j] = data[(r0 + i) * 5 + c0 + j];
                writer.WriteBlock(r0, c0, rows, cols, block);
            }
            Assert.False(File.Exists(path)); // nothing looks complete before the commit
            writer.Commit();
        }
        string whole = dir.File("whole.npy");
        NpyMatrix.Write(whole, new Matrix(7, 5, data));
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(path));
    }

    [Fact]
    public void An_uncommitted_writer_leaves_nothing_behind()
    {
        using var dir = new TempDir();
        using (var writer = new NpyBlockWriter(dir.File("k.npy"), 2, 2))
            writer.WriteBlock(0, 0, 1, 2, new[] { 1.0, 2.0 });
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Blocks_outside_the_matrix_or_not_finite_are_refused()
    {
        using var dir = new TempDir();
        using var writer = new NpyBlockWriter(dir.File("k.npy"), 2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBlock(1, 1, 2, 1, new[] { 1.0, 2.0 }));
        Assert.Throws<ArgumentException>(() => writer.WriteBlock(0, 0, 1, 2, new[] { 1.0, double.NaN }));
    }
}
