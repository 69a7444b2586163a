using Glassbox.Data;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

/// <summary>`glassbox kernel --arch cnn`: the written matrix is the engine's, the parts folder goes once the file is whole, and
/// options that do not apply, or images of the wrong shape, are refused with one sentence and exit 2.</summary>
public sealed class CnnKernelVerbTests : IDisposable
{
    readonly TempDir temp = new();
    string dir => temp.Path;

    public void Dispose() => temp.Dispose();

    string Images(string name, int count, int seed)
    {
        var rng = new Random(seed);
        var data = new float[count * 3 * 6 * 6];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        string path = Path.Combine(dir, name);
        NpyArray.Write<float>(path, [count, 3, 6, 6], data);
        return path;
    }

    [Fact]
    public void The_matrix_written_is_the_engines_and_the_parts_folder_is_removed()
    {
        string x = Images("x.npy", 5, 1), x2 = Images("x2.npy", 3, 2), output = Path.Combine(dir, "k.npy");
        var result = CliRunner.Run("kernel", "--arch", "cnn", "--depth", "5", "--readout", "lap:3", "--flip", "--fix", "--kind", "ntk",
            "--dtype", "float64", "--x", x, "--x2", x2, "--tile", "2", "--out", output);
        Assert.True(result.ExitCode == 0, result.Out + result.Err);
        Assert.False(Directory.Exists(output + ".parts"));
        (_, double[] written) = NpyArray.Read<double>(output);
        ImageBatch a = CntkInputs.ReadNpy(x), b = CntkInputs.ReadNpy(x2);
        var arch = new CntkArchitecture(5, new CntkReadout.Lap(3), Fix: true, Flip: true);
        double[] expected = new CpuCntkEngine(CntkPrecision.Float64).Compute(arch, a, b).Matrix(KernelKind.Ntk, 5).ToArray();
        Assert.Equal(expected, written);
        Assert.Contains("cntk-lap3-d5-fix-flip", result.Out);
    }

    [Theory]
    [InlineData("--scale standard", "--scale applies to --arch fc")]
    [InlineData("--fix 2", "--fix takes no value with --arch cnn")]
    [InlineData("--depth 1", "--depth counts the convolutions plus the readout and must be ≥ 2")]
    [InlineData("--readout lap:7", "the LAP window must fit the 6×6 image")]
    [InlineData("--readout max", "readout 'max' is not one of flatten, gap, lap:C")]
    [InlineData("--images 3", "--images applies to --dataset")]
    [InlineData("--kind nngp --fix", "--fix applies to --kind ntk")]
    [InlineData("--depth 2 --fix", "--fix with --depth 2 freezes both layers the net has")]
    [InlineData("--data-dir /tmp", "--data-dir applies to --dataset")]
    public void Options_that_do_not_fit_are_refused_with_one_sentence(string extra, string message)
    {
        string x = Images("x.npy", 2, 3);
        var args = new List<string> { "kernel", "--arch", "cnn", "--x", x, "--out", Path.Combine(dir, "k.npy") };
        if (!extra.StartsWith("--depth", StringComparison.Ordinal)) args.AddRange(["--depth", "3"]);
        args.AddRange(extra.Split(' '));
        var result = CliRunner.Run([.. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(dir, "k.npy")));
    }

    [Fact]
    public void Fc_refuses_the_cnn_options_and_images_of_another_shape_are_refused()
    {
        var fc = CliRunner.Run("kernel", "--arch", "fc", "--depth", "2", "--flip", "--x", Images("a.npy", 2, 4), "--out", Path.Combine(dir, "k.npy"));
        Assert.Equal(2, fc.ExitCode);
        Assert.Contains("--flip applies to --arch cnn, not --arch fc", fc.Err);
        string flat = Path.Combine(dir, "flat.npy");
        NpyArray.Write<double>(flat, [2, 108], new double[216]);
        var bad = CliRunner.Run("kernel", "--arch", "cnn", "--depth", "3", "--x", flat, "--out", Path.Combine(dir, "k.npy"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("expected an N×C×H×W array of images, found shape (2, 108)", bad.Err);
        string ints = Path.Combine(dir, "ints.npy");
        NpyArray.Write<int>(ints, [1, 1, 2, 2], new int[4]);
        var wrongType = CliRunner.Run("kernel", "--arch", "cnn", "--depth", "3", "--x", ints, "--out", Path.Combine(dir, "k.npy"));
        Assert.Equal(2, wrongType.ExitCode);
        Assert.Contains("expected dtype '<f4' or '<f8' (float32 or float64), found '<i4'", wrongType.Err);
        var both = CliRunner.Run("kernel", "--arch", "cnn", "--depth", "3", "--dataset", "cifar10", "--images", "2", "--x2", ints, "--out", Path.Combine(dir, "k.npy"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--x2 cannot be combined with --dataset", both.Err);
    }
}
