using System.Runtime.Intrinsics;
using Glassbox.Kernels.Convolutional;
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
    public void The_fused_family_equals_the_tensor_engine_in_both_lane_widths_and_a_pair_depends_on_its_rows_alone()
    {
        double[,] x = Awkward();
        int n = x.GetLength(0), d = x.GetLength(1);
        var matrix = new Glassbox.Data.Matrix(n, d, x.Cast<double>().ToArray());
        double[][] byTensors = ReluNtkFamily.ComputeByTensors(5, matrix, tile: 7);
        // Rows 5..17 against rows 3..89: every column of X2 sits in another SIMD lane and block than in the full run, yet a pair's
        // bits depend on its two rows alone.
        var rows = new Glassbox.Data.Matrix(13, d, matrix.Data[(5 * d)..(18 * d)]);
        var columns = new Glassbox.Data.Matrix(n - 3, d, matrix.Data[(3 * d)..]);
        foreach (var (lanes, compute) in Engines())
        {
            double[][] reference = compute(matrix, null), part = compute(rows, columns);
            for (int k = 0; k < reference.Length; k++)
            {
                for (int i = 0; i < 13; i++)
                    for (int j = 0; j < n - 3; j++) Assert.Equal(reference[k][(i + 5) * n + j + 3], part[k][i * (n - 3) + j]);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < i; j++) Assert.Equal(reference[k][i * n + j], reference[k][j * n + i]);
                // Entry by entry relative to the geometric mean of the two diagonals, the 1e-150 rows (50 and 89) included; those are
                // also held to homogeneity, K(c·x, z) = c·K(x, z) for c > 0, against row 5, of which row 50 is 1e-150 times.
                bool Tiny(int r) => r is 50 or 89;
                for (int j = 0; j < n; j++)
                {
                    int partner = Tiny(j) ? 5 : j;
                    double factor = (Tiny(j) ? 1e-150 : 1) * 1e-150, expected = factor * reference[k][5 * n + partner];
                    double scale = factor * Math.Sqrt(reference[k][5 * n + 5]) * Math.Sqrt(reference[k][partner * n + partner]);
                    Assert.True(Math.Abs(reference[k][50 * n + j] - expected) <= 1e-13 * scale,
                        $"{lanes} lanes, kernel {k} (50,{j}): {reference[k][50 * n + j]:R}, by homogeneity {expected:R}");
                }
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double scale = Math.Sqrt(reference[k][i * n + i]) * Math.Sqrt(reference[k][j * n + j]); // not √(a·b): 1e-299² underflows; the fused diagonals are held to the closed form below
                        Assert.True(Math.Abs(reference[k][i * n + j] - byTensors[k][i * n + j]) <= 1e-12 * scale,
                            $"{lanes} lanes, kernel {k} ({i},{j}): fused {reference[k][i * n + j]:R}, tensors {byTensors[k][i * n + j]:R}");
                    }
            }
        }
    }

    /// <summary>The fused engine on 4 lanes (AVX2 path) and, where the machine has AVX-512, on 8.</summary>
    static IEnumerable<(int Lanes, Func<Glassbox.Data.Matrix, Glassbox.Data.Matrix?, double[][]> Compute)> Engines()
    {
        yield return (4, (a, b) => FusedReluFamily.Compute<Vector256<double>, Double256>(5, a, b, null, 0));
        if (Vector512.IsHardwareAccelerated) yield return (8, (a, b) => FusedReluFamily.Compute<Vector512<double>, Double512>(5, a, b, null, 0));
    }

    [Fact]
    public void Inputs_without_columns_give_zero_kernels()
    {
        double[][] family = ReluNtkFamily.Compute(3, new Glassbox.Data.Matrix(3, 0, []));
        Assert.All(family, k => Assert.Equal(new double[9], k));
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
        // Row 50 is 1e-150 × row 5, and the kernel is homogeneous: Σ(x,x)·Σ(x',x') of two such rows underflows, yet K(50, 50) is
        // 1e-300·K(5, 5) and K(50, 7) is 1e-150·K(5, 7).
        Assert.Equal(1e-300 * K(5, 5), K(50, 50), 1e-13 * 1e-300 * K(5, 5));
        Assert.Equal(1e-150 * K(5, 7), K(50, 7), 1e-13 * 1e-150 * Math.Sqrt(K(5, 5) * K(7, 7)));
        // Parallel rows: the kernel is homogeneous of degree 1 in each argument, so K(x, 3.7x) = 3.7·K(x, x).
        Assert.Equal(3.7 * K(3, 3), K(3, 20), 1e-13 * K(3, 3));
        for (int j = 0; j < 90; j++) Assert.Equal(0.0, K(40, j));
    }

    [Fact]
    public void A_zero_row_beside_a_huge_one_stays_exactly_zero_where_the_underflow_rescaling_would_make_infinity_times_zero()
    {
        // Σ(x,x) = 1e160: the product with the zero row's 0 is 0, below the rescaling threshold, and 1e160·2⁵⁰⁰ overflows. (The huge
        // row's own Σ(x,x)² overflows too: rows of norm above ≈ 1e77 are out of range, as they were before the rescaling.)
        double[,] x = { { 0, 0 }, { 1e80, 0 } };
        double[] k = TiledKernel.Compute(FullyConnected.Relu(2, 0, KernelScale.Paper), KernelKind.Ntk, x);
        Assert.Equal([0.0, 0.0, 0.0], k[..3]);
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

    [Fact]
    public void The_fused_familys_diagonal_and_duplicates_equal_the_closed_form_to_the_last_digits()
    {
        // On the diagonal ρ = 1 at every layer: Σʰ(x,x) = ‖x‖²/2ʰ and Σ̇ = 1/2, so K[L][f](x,x) = (L − f + 1)·‖x‖²/2^L. A ρ one
        // unit below 1 would put an error of ≈ 1e-8 into the next layer's arccos and show here.
        // 200 rows of random scales besides the awkward ones: for about a quarter of all t, t·(1/t) is not exactly 1.
        double[,] awkward = Awkward();
        var random = new Random(11);
        int n = 290, d = awkward.GetLength(1);
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) x[i, c] = i < 90 ? awkward[i, c] : (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-3, 4));
        double[][] family = ReluNtkFamily.Compute(5, x);
        for (int i = 0; i < n; i++)
        {
            double squared = Enumerable.Range(0, d).Sum(c => x[i, c] * x[i, c]);
            for (int depth = 0; depth < 5; depth++)
                for (int fix = 0; fix <= depth; fix++)
                {
                    double expected = (depth - fix + 1) * squared / Math.Pow(2, depth), got = family[ReluNtkFamily.Index(depth, fix)][i * n + i];
                    Assert.True(Math.Abs(got - expected) <= 1e-14 * expected, $"K[{depth}][{fix}]({i},{i}) = {got:R}, closed form {expected:R}");
                }
        }
        for (int k = 0; k < family.Length; k++) Assert.Equal(family[k][3 * n + 3], family[k][10 * n + 60]);
    }
}
