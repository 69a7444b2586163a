using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// Issue 11, defect 3: a kernel value depends on its two rows only — not on the tile size, nor on whether X2 is X passed
/// again — also for duplicate, parallel, antiparallel, zero and tiny rows, where arccos is ill-conditioned.
/// </summary>
public sealed class TilingInvarianceTests
{
    /// <summary>90×57: random rows, then duplicates, parallel and antiparallel copies, zero and tiny rows among them.</summary>
    static double[,] Awkward()
    {
        var random = new Random(7);
        var x = new double[90, 57];
        for (int i = 0; i < 90; i++)
            for (int j = 0; j < 57; j++)
                x[i, j] = random.NextDouble() * 2 - 1;
        for (int j = 0; j < 57; j++)
        {
            x[10, j] = x[3, j];          // duplicate
            x[20, j] = 3.7 * x[3, j];    // parallel
            x[30, j] = -0.2 * x[4, j];   // antiparallel
            x[40, j] = 0;                // zero
            x[50, j] = 1e-150 * x[5, j]; // tiny: its square underflows nothing, its product with another tiny row would
            x[89, j] = x[50, j];         // a duplicate of the tiny row, in another tile
            x[60, j] = x[3, j];          // another duplicate, far away
        }
        return x;
    }

    static double MaxRelative(double[] a, double[] b)
    {
        double scale = a.Select(Math.Abs).Max(), worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / scale);
        return worst;
    }

    [Theory]
    [InlineData(KernelKind.Ntk)]
    [InlineData(KernelKind.Nngp)]
    public void Tile_size_and_passing_X_twice_change_nothing(KernelKind kind)
    {
        double[,] x = Awkward();
        var net = FullyConnected.Relu(3, 0, KernelScale.Paper);
        double[] reference = TiledKernel.Compute(net, kind, x, null, tile: 2048);

        foreach (int tile in new[] { 1, 7, 13, 64 })
            Assert.True(MaxRelative(reference, TiledKernel.Compute(net, kind, x, null, tile)) <= 1e-13, $"tile {tile}");
        Assert.True(MaxRelative(reference, TiledKernel.Compute(net, kind, x, x, tile: 2048)) <= 1e-13, "--x2 X");
        Assert.True(MaxRelative(reference, TiledKernel.Compute(net, kind, x, (double[,])x.Clone(), tile: 7)) <= 1e-13, "a copy of X, tile 7");
    }

    [Fact]
    public void The_whole_ReLU_family_is_tile_invariant_too()
    {
        double[,] x = Awkward();
        double[][] reference = ReluNtkFamily.Compute(5, x);
        double[][] tiled = ReluNtkFamily.Compute(5, x, (double[,])x.Clone(), tile: 7);
        for (int k = 0; k < reference.Length; k++)
            Assert.True(MaxRelative(reference[k], tiled[k]) <= 1e-13, $"kernel {k}");
    }

    [Fact]
    public void Duplicates_and_parallel_rows_equal_the_diagonal_and_a_zero_row_gives_exact_zeros()
    {
        double[,] x = Awkward();
        var net = FullyConnected.Relu(3, 0, KernelScale.Paper);
        double[] k = TiledKernel.Compute(net, KernelKind.Ntk, x, null, tile: 7);
        double K(int i, int j) => k[i * 90 + j];

        Assert.Equal(K(3, 3), K(3, 10));      // duplicates: bit-equal to the diagonal
        Assert.Equal(K(3, 3), K(10, 60));
        Assert.Equal(K(50, 50), K(50, 89));
        // Parallel rows: the kernel is homogeneous of degree 1 in each argument, so K(x, 3.7x) = 3.7·K(x, x).
        Assert.Equal(3.7 * K(3, 3), K(3, 20), 1e-13 * K(3, 3));
        for (int j = 0; j < 90; j++) Assert.Equal(0.0, K(40, j));
    }

    [Fact]
    public void A_zero_row_has_exactly_zero_kernel_values_where_the_authors_floor_gives_four_in_ten_thousand()
    {
        double[,] x = { { 0, 0 }, { 300, 0 } };
        double[] k = TiledKernel.Compute(FullyConnected.Relu(2, 0, KernelScale.Paper), KernelKind.Ntk, x);
        Assert.Equal(0.0, k[1]);
        Assert.Equal(0.0, k[2]);
        Assert.True(k[3] > 1e4);
    }

    [Fact]
    public void Antiparallel_rows_give_the_closed_form_at_theta_pi()
    {
        // θ = π: the first ReLU gives Σ¹ = ‖x‖‖x'‖(sin π + 0)/(2π) = 0 and Σ̇¹ = 0, so the depth-1 NNGP is 0 (up to sin π's rounding).
        double[,] x = { { 1, 2, -2 }, { -2, -4, 4 } };
        double[] k = TiledKernel.Compute(FullyConnected.Relu(1, 1, KernelScale.Paper), KernelKind.Nngp, x);
        Assert.True(Math.Abs(k[1]) <= 1e-15 * k[0], $"K = {k[1]}");
    }
}
