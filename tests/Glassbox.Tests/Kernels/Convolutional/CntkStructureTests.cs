using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// Issue 14, acceptance line 1 (the structural part): LAP with window 1 is vanilla divided by P and with the full window is GAP;
/// flip averaging is symmetric and invariant to mirroring either image; a Gram matrix does not depend on how it is tiled, on
/// passing X twice, or on the order of the images; and one deep pass gives every shallower depth.
/// </summary>
public sealed class CntkStructureTests
{
    static ImageBatch Random(int count, int channels, int h, int w, int seed)
    {
        var rng = new Random(seed);
        var data = new double[count * channels * h * w];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 2 - 1;
        return new ImageBatch(count, channels, h, w, data);
    }

    static double Entry(CntkArchitecture arch, ImageBatch a, ImageBatch b, KernelKind kind = KernelKind.Ntk, CntkPrecision p = CntkPrecision.Float64) =>
        new CpuCntkEngine(p, 1).Compute(arch, a, b).Value(kind, arch.Depth, 0, 0);

    static void Close(double expected, double actual, double rel) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"{actual:R} against {expected:R}");

    [Theory]
    [InlineData(KernelKind.Ntk)]
    [InlineData(KernelKind.Nngp)]
    public void Lap_with_window_1_is_vanilla_over_P_and_with_the_full_window_is_GAP(KernelKind kind)
    {
        ImageBatch images = Random(2, 3, 6, 6, 1);
        ImageBatch x = images.Slice(0, 1), z = images.Slice(1, 1);
        double vanilla = Entry(new(4, new CntkReadout.Flatten()), x, z, kind);
        double gap = Entry(new(4, new CntkReadout.Gap()), x, z, kind);
        Close(vanilla / 36, Entry(new(4, new CntkReadout.Lap(1)), x, z, kind), 1e-13);
        Close(gap, Entry(new(4, new CntkReadout.Lap(6)), x, z, kind), 1e-12);
        Assert.True(Math.Abs(gap - vanilla / 36) > 1e-3 * Math.Abs(gap), "GAP and vanilla/P must differ here, or the test shows nothing");
    }

    [Fact]
    public void Flip_averaging_is_symmetric_and_blind_to_mirroring()
    {
        ImageBatch images = Random(2, 3, 5, 7, 2);
        ImageBatch x = images.Slice(0, 1), z = images.Slice(1, 1);
        var arch = new CntkArchitecture(5, new CntkReadout.Gap(), Fix: true, Flip: true);
        double k = Entry(arch, x, z);
        Assert.Equal(k, Entry(arch, z, x));
        Close(k, Entry(arch, x, z.Mirrored()), 1e-13);
        Close(k, Entry(arch, x.Mirrored(), z), 1e-13);
        double plain = Entry(arch with { Flip = false }, x, z), mirrored = Entry(arch with { Flip = false }, x, z.Mirrored());
        Close(0.5 * (plain + mirrored), k, 1e-13);
        Assert.True(Math.Abs(plain - mirrored) > 1e-3 * Math.Abs(plain));
    }

    [Theory]
    [InlineData(CntkPrecision.Float64)]
    [InlineData(CntkPrecision.Float32)]
    public void A_Gram_matrix_is_the_same_whether_tiled_passed_twice_or_reordered(CntkPrecision precision)
    {
        ImageBatch images = Random(5, 3, 6, 6, 3);
        // Image 3 is an exact duplicate of image 1: the pair meets itself wherever it lands.
        Array.Copy(images.Data, images.ImageSize, images.Data, 3 * images.ImageSize, images.ImageSize);
        var arch = new CntkArchitecture(4, new CntkReadout.Gap(), Fix: true);
        var engine = new CpuCntkEngine(precision, 2);
        CntkTile whole = engine.Compute(arch, images, images);
        CntkTile twice = engine.Compute(arch, images, images with { });
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                double v = whole.Value(KernelKind.Ntk, 4, i, j);
                Assert.Equal(v, twice.Value(KernelKind.Ntk, 4, i, j));
                Assert.Equal(v, whole.Value(KernelKind.Ntk, 4, j, i));
                Assert.Equal(v, engine.Compute(arch, images.Slice(i, 1), images.Slice(j, 1)).Value(KernelKind.Ntk, 4, 0, 0));
            }
        Assert.Equal(whole.Value(KernelKind.Ntk, 4, 1, 1), whole.Value(KernelKind.Ntk, 4, 1, 3));
        Assert.Equal(whole.Value(KernelKind.Ntk, 4, 0, 1), whole.Value(KernelKind.Ntk, 4, 0, 3));
    }

    [Fact]
    public void One_deep_pass_gives_every_shallower_depth()
    {
        ImageBatch images = Random(2, 2, 5, 5, 4);
        ImageBatch x = images.Slice(0, 1), z = images.Slice(1, 1);
        CntkTile deep = new CpuCntkEngine(CntkPrecision.Float64, 1).Compute(new(7, new CntkReadout.Flatten()), x, z);
        for (int depth = 2; depth <= 7; depth++)
        {
            var arch = new CntkArchitecture(depth, new CntkReadout.Flatten());
            Assert.Equal(Entry(arch, x, z), deep.Value(KernelKind.Ntk, depth, 0, 0));
            Assert.Equal(Entry(arch, x, z, KernelKind.Nngp), deep.Value(KernelKind.Nngp, depth, 0, 0));
        }
    }

    [Fact]
    public void A_zero_image_has_kernel_exactly_zero_with_every_image()
    {
        ImageBatch images = Random(2, 3, 6, 6, 5);
        Array.Clear(images.Data, 0, images.ImageSize);
        CntkTile tile = new CpuCntkEngine(CntkPrecision.Float32, 1).Compute(new(5, new CntkReadout.Gap()), images, images);
        Assert.Equal(0.0, tile.Value(KernelKind.Ntk, 5, 0, 1));
        Assert.Equal(0.0, tile.Value(KernelKind.Ntk, 5, 0, 0));
        Assert.True(tile.Value(KernelKind.Ntk, 5, 1, 1) > 0);
    }
}
