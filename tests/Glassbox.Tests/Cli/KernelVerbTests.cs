using Glassbox.Data;
using Glassbox.Kernels;
using Glassbox.Tests.Data;
using Glassbox.Tests.Kernels;

namespace Glassbox.Tests.Cli;

public sealed class KernelVerbTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    string WriteInput(string name, double[,] x)
    {
        int rows = x.GetLength(0), cols = x.GetLength(1);
        var data = new double[rows * cols];
        Buffer.BlockCopy(x, 0, data, 0, data.Length * sizeof(double));
        string path = _dir.File(name);
        MatrixFile.Write(path, new Matrix(rows, cols, data));
        return path;
    }

    [Theory]
    [InlineData("k.npy", "ntk", 3, 1)]
    [InlineData("k.csv", "nngp", 2, null)]
    public void Kernel_verb_writes_the_matrix_the_library_computes(string output, string kind, int depth, int? fix)
    {
        double[,] x = DirectKernels.Random(13, 4, seed: 21), x2 = DirectKernels.Random(6, 4, seed: 22);
        string xPath = WriteInput("x.csv", x), x2Path = WriteInput("x2.npy", x2), outPath = _dir.File(output);
        var args = new List<string> { "kernel", "--depth", $"{depth}", "--kind", kind, "--x", xPath, "--x2", x2Path, "--out", outPath, "--tile", "4" };
        if (fix is not null) args.AddRange(new[] { "--fix", $"{fix}" });

        var result = CliRunner.Run(args.ToArray());

        Assert.Equal(0, result.ExitCode);
        Matrix k = MatrixFile.Read(outPath);
        Assert.Equal((13, 6), (k.Rows, k.Cols));
        // Expected from the scalar dynamic programme written out per pair (DirectKernels), not from the library's tiles.
        for (int i = 0; i < 13; i++)
            for (int j = 0; j < 6; j++)
            {
                double expected = DirectKernels.Paper(DirectKernels.Row(x, i), DirectKernels.Row(x2, j), depth, kind == "nngp" ? depth : fix ?? 0);
                Assert.True(Math.Abs(expected - k[i, j]) <= 1e-12 * Math.Abs(expected), $"[{i},{j}] {expected} vs {k[i, j]}");
            }
    }

    [Fact]
    public void Without_x2_the_kernel_is_the_symmetric_matrix_of_x_with_itself()
    {
        string xPath = WriteInput("x.npy", DirectKernels.Random(9, 3, seed: 23)), outPath = _dir.File("k.npy");
        Assert.Equal(0, CliRunner.Run("kernel", "--depth", "2", "--x", xPath, "--out", outPath, "--tile", "4").ExitCode);
        Matrix k = MatrixFile.Read(outPath);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 9; j++)
                Assert.Equal(k[i, j], k[j, i]);
    }

    [Theory]
    [InlineData("--depth", "-1")]
    [InlineData("--depth", "2", "--fix", "3")]
    [InlineData("--depth", "2", "--kind", "nngp", "--fix", "1")]
    [InlineData("--depth", "2", "--kind", "gauss")]
    [InlineData("--depth", "2", "--out-override", "k.txt")]
    [InlineData("--depth", "2", "--x-override", "missing.csv")]
    public void Impossible_arguments_are_usage_errors(params string[] extra)
    {
        string xPath = WriteInput("x.csv", DirectKernels.Random(3, 2, seed: 24));
        string outPath = _dir.File("k.csv");
        var args = new List<string> { "kernel" };
        for (int i = 0; i < extra.Length; i += 2)
        {
            if (extra[i] == "--out-override") outPath = _dir.File(extra[i + 1]);
            else if (extra[i] == "--x-override") xPath = _dir.File(extra[i + 1]);
            else args.AddRange(new[] { extra[i], extra[i + 1] });
        }
        args.AddRange(new[] { "--x", xPath, "--out", outPath });

        var result = CliRunner.Run(args.ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(_dir.File("k.csv")));
    }

    [Fact]
    public void Mismatched_columns_name_both_files()
    {
        string xPath = WriteInput("x.csv", DirectKernels.Random(3, 2, seed: 25)), x2Path = WriteInput("y.csv", DirectKernels.Random(3, 5, seed: 26));
        var result = CliRunner.Run("kernel", "--depth", "1", "--x", xPath, "--x2", x2Path, "--out", _dir.File("k.npy"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("x.csv", result.Err);
        Assert.Contains("y.csv", result.Err);
    }

    [Fact]
    public void A_malformed_input_is_reported_with_file_and_line()
    {
        string xPath = _dir.File("bad.csv");
        File.WriteAllText(xPath, "1,2\n3,x\n");
        var result = CliRunner.Run("kernel", "--depth", "1", "--x", xPath, "--out", _dir.File("k.npy"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.csv", result.Err);
        Assert.Contains("line 2", result.Err);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.npy*"));
    }
}
