using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

public sealed class ReluKernelTests
{
    const int MaxDepth = 5;

    static void AssertRelativelyClose(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) / scale <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / scale:e2})");
    }

    [Fact]
    public void Family_matches_the_direct_formulas_for_every_depth_and_fix()
    {
        double[,] x1 = DirectKernels.Random(7, 4, seed: 1), x2 = DirectKernels.Random(5, 4, seed: 2);
        double[][] kernels = ReluNtkFamily.Compute(MaxDepth, x1, x2);
        for (int depth = 0; depth < MaxDepth; depth++)
            for (int fix = 0; fix <= depth; fix++)
                for (int i = 0; i < 7; i++)
                    for (int j = 0; j < 5; j++)
                        AssertRelativelyClose(
                            DirectKernels.Paper(DirectKernels.Row(x1, i), DirectKernels.Row(x2, j), depth, fix),
                            kernels[ReluNtkFamily.Index(depth, fix)][i * 5 + j], 1e-10, $"K[{depth}][{fix}]({i},{j})");
    }

    [Fact]
    public void Symmetric_family_equals_the_direct_formulas_including_the_diagonal()
    {
        double[,] x = DirectKernels.Random(9, 3, seed: 3);
        double[][] kernels = ReluNtkFamily.Compute(MaxDepth, x);
        for (int depth = 0; depth < MaxDepth; depth++)
            for (int fix = 0; fix <= depth; fix++)
                for (int i = 0; i < 9; i++)
                    for (int j = 0; j < 9; j++)
                        AssertRelativelyClose(
                            DirectKernels.Paper(DirectKernels.Row(x, i), DirectKernels.Row(x, j), depth, fix),
                            kernels[ReluNtkFamily.Index(depth, fix)][i * 9 + j], 1e-10, $"K[{depth}][{fix}]({i},{j})");
    }

    [Fact]
    public void Layer_architecture_in_paper_scale_equals_the_family()
    {
        double[,] x1 = DirectKernels.Random(6, 5, seed: 4), x2 = DirectKernels.Random(4, 5, seed: 5);
        double[][] family = ReluNtkFamily.Compute(MaxDepth, x1, x2);
        for (int depth = 0; depth < MaxDepth; depth++)
            for (int fix = 0; fix <= depth; fix++)
            {
                double[] ntk = TiledKernel.Compute(FullyConnected.Relu(depth, fix), KernelKind.Ntk, x1, x2);
                double[] expected = family[ReluNtkFamily.Index(depth, fix)];
                for (int k = 0; k < expected.Length; k++)
                    AssertRelativelyClose(expected[k], ntk[k], 1e-12, $"NTK L={depth} f={fix} [{k}]");
            }
    }

    [Fact]
    public void Nngp_is_the_family_with_every_layer_but_the_readout_fixed()
    {
        double[,] x1 = DirectKernels.Random(6, 5, seed: 6), x2 = DirectKernels.Random(4, 5, seed: 7);
        double[][] family = ReluNtkFamily.Compute(MaxDepth, x1, x2);
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            double[] nngp = TiledKernel.Compute(FullyConnected.Relu(depth), KernelKind.Nngp, x1, x2);
            double[] expected = family[ReluNtkFamily.Index(depth, depth)];
            for (int k = 0; k < expected.Length; k++)
                AssertRelativelyClose(expected[k], nngp[k], 1e-12, $"NNGP L={depth} [{k}]");
        }
    }

    [Fact]
    public void Standard_parameterisation_matches_its_own_formulas_and_is_two_to_the_L_times_the_paper_scale()
    {
        double[,] x1 = DirectKernels.Random(5, 3, seed: 8), x2 = DirectKernels.Random(6, 3, seed: 9);
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            var standard = FullyConnected.Relu(depth, scale: KernelScale.Standard);
            double[] ntk = TiledKernel.Compute(standard, KernelKind.Ntk, x1, x2);
            double[] nngp = TiledKernel.Compute(standard, KernelKind.Nngp, x1, x2);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 6; j++)
                {
                    double[] a = DirectKernels.Row(x1, i), b = DirectKernels.Row(x2, j);
                    var (directNtk, directNngp) = DirectKernels.Standard(a, b, depth);
                    AssertRelativelyClose(directNtk, ntk[i * 6 + j], 1e-10, $"standard NTK L={depth}");
                    AssertRelativelyClose(directNngp, nngp[i * 6 + j], 1e-10, $"standard NNGP L={depth}");
                    double scale = Math.Pow(2, depth);
                    AssertRelativelyClose(scale * DirectKernels.Paper(a, b, depth, 0), ntk[i * 6 + j], 1e-10, "2^L NTK");
                    AssertRelativelyClose(scale * DirectKernels.Paper(a, b, depth, depth), nngp[i * 6 + j], 1e-10, "2^L NNGP");
                }
        }
    }

    [Fact]
    public void Tiling_does_not_change_the_result()
    {
        double[,] x = DirectKernels.Random(23, 4, seed: 10);
        var arch = FullyConnected.Relu(3, fix: 1);
        double[] whole = TiledKernel.Compute(arch, KernelKind.Ntk, x, tile: 100);
        foreach (int tile in new[] { 1, 5, 7, 22 })
        {
            // GEMM blocking may change the last bit of x·x', nothing more.
            double[] tiled = TiledKernel.Compute(arch, KernelKind.Ntk, x, tile: tile);
            for (int k = 0; k < whole.Length; k++)
                AssertRelativelyClose(whole[k], tiled[k], 1e-13, $"tile {tile} [{k}]");
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnected.Relu(2, fix: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnected.Relu(-1));
        Assert.Throws<ArgumentException>(() =>
            TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, new double[2, 3], new double[2, 4]));
    }
}
