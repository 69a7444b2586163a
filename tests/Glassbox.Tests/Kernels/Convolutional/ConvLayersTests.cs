using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Kernels.Convolutional.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// The layer system's form of the CNTK (whole pixel-pair tensors, one layer at a time, LAP weights counted per pair) against the
/// engine (fused blocks in cache, LAP from its block weights): two implementations that share no code, equal to 1e-12 relative in
/// float64 for every readout, fix, flip and depth. And the finite net the layers build: the same function as CntkNet, whose
/// tangent kernel is tested against the exact one, and — for LAP, which CntkNet lacks — its own tangent kernel within 5%.
/// </summary>
public sealed class ConvLayersTests
{
    static ImageBatch Random(int count, int seed, int side = 8)
    {
        var rng = new Random(seed);
        var data = new double[count * 3 * side * side];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 2 - 1;
        return new ImageBatch(count, 3, side, side, data);
    }

    static Tensor AsTensor(ImageBatch b) => tensor(b.Data, [b.Count, b.Channels, b.Height, b.Width]);

    [Theory]
    [InlineData("flatten", false, false)]
    [InlineData("gap", false, false)]
    [InlineData("gap", true, false)]
    [InlineData("flatten", true, false)]
    [InlineData("lap:1", false, false)]
    [InlineData("lap:3", true, false)]
    [InlineData("lap:8", false, false)]
    [InlineData("gap", true, true)]
    [InlineData("lap:2", false, true)]
    public void Layer_by_layer_equals_the_engine_at_every_depth(string readout, bool fix, bool flip)
    {
        ImageBatch x = Random(3, 1), z = Random(2, 2);
        var deepest = new CntkArchitecture(5, CntkReadout.Parse(readout), fix, flip);
        var engine = new CpuCntkEngine(CntkPrecision.Float64, 1);
        CntkTile same = engine.Compute(deepest, x, x), cross = engine.Compute(deepest, x, z);
        for (int depth = 2; depth <= 5; depth++)
        {
            var layers = ConvSerial.From(deepest with { Depth = depth });
            var (nngpSame, ntkSame) = layers.Kernel(AsTensor(x));
            var (nngpCross, ntkCross) = layers.Kernel(AsTensor(x), AsTensor(z));
            foreach (var (tile, nngp, ntk, cols) in new[] { (same, nngpSame, ntkSame, 3), (cross, nngpCross, ntkCross, 2) })
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < cols; j++)
                    {
                        AssertRelative(tile.Value(KernelKind.Ntk, depth, i, j), ntk[i, j].item<double>(), $"NTK d{depth} ({i},{j})");
                        AssertRelative(tile.Value(KernelKind.Nngp, depth, i, j), nngp[i, j].item<double>(), $"NNGP d{depth} ({i},{j})");
                    }
        }
    }

    static void AssertRelative(double want, double got, string what) =>
        Assert.True(Math.Abs(got - want) <= 1e-12 * Math.Abs(want) + 1e-300, $"{what}: engine {want:R}, layers {got:R}");

    [Theory]
    [InlineData("gap", false)]
    [InlineData("flatten", true)]
    public void The_layers_build_the_same_function_as_CntkNet(string readout, bool fix)
    {
        var arch = new CntkArchitecture(4, CntkReadout.Parse(readout), fix);
        using var scope = NewDisposeScope();
        using var reference = new CntkNet(arch, 3, 6, 6, hiddenChannels: 16, ScalarType.Float64);
        EmpiricalNtk.StandardNormalInit(reference, seed: 5);
        using var built = ConvSerial.From(arch).BuildNet(3, 6, 6, hiddenChannels: 16);
        var from = reference.parameters().ToList();
        var to = built.parameters().ToList();
        Assert.Equal(from.Select(p => p.shape), to.Select(p => p.shape));
        Assert.Equal(from.Select(p => p.requires_grad), to.Select(p => p.requires_grad));
        using (no_grad()) for (int k = 0; k < from.Count; k++) to[k].copy_(from[k]);
        Tensor images = AsTensor(Random(4, 9, side: 6));
        double[] want = reference.forward(images).data<double>().ToArray(), got = built.forward(images).data<double>().ToArray();
        for (int i = 0; i < want.Length; i++) AssertRelative(want[i], got[i], $"output {i}", 1e-12);
    }

    static void AssertRelative(double want, double got, string what, double tolerance) =>
        Assert.True(Math.Abs(got - want) <= tolerance * Math.Abs(want), $"{what}: CntkNet {want:R}, layers {got:R}");

    [Fact]
    public void A_wide_local_pooling_nets_tangent_kernel_is_within_5_percent_of_the_layers_kernel()
    {
        var layers = ConvSerial.From(new CntkArchitecture(3, new CntkReadout.Lap(2)));
        Tensor images = AsTensor(Random(3, 7, side: 6));
        var (_, exact) = layers.Kernel(images);
        using var scope = NewDisposeScope();
        using var net = layers.BuildNet(3, 6, 6, hiddenChannels: 1024);
        net.to(ScalarType.Float32);
        EmpiricalNtk.StandardNormalInit(net, seed: 11);
        double[] empirical = EmpiricalNtk.Gram(net, images.to_type(ScalarType.Float32));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double want = exact[i, j].item<double>(), got = empirical[i * 3 + j];
                Assert.True(Math.Abs(got - want) <= 0.05 * Math.Abs(want), $"({i},{j}): empirical {got}, exact {want}");
            }
    }

    [Theory]
    [InlineData("lap:1")]
    [InlineData("lap:2")]
    [InlineData("lap:3")]
    [InlineData("gap")]
    [InlineData("flatten")]
    public void A_readouts_module_has_exactly_the_readouts_kernel_at_any_width(string readout)
    {
        // The readout is linear in its weights, so its tangent kernel on given features φ is exact at any width C: the weight
        // gradients' inner product, which must equal the readout's reduction of S[p, p′] = (1/C) Σ_c φ_c(p) φ′_c(p′).
        const int c = 5, side = 5;
        var features = Random(5, 21, side); // 5·3·25 values, reshaped to 3 images of 5 channels
        Tensor phi = tensor(features.Data.Take(3 * c * side * side).ToArray(), [3, c, side, side]);
        var layer = new ConvReadout(CntkReadout.Parse(readout));
        using var scope = NewDisposeScope();
        using var module = layer.Build(c, side, side);
        double[] empirical = EmpiricalNtk.Gram(module, phi);
        Tensor s = einsum("achw,bcij->abhwij", phi, phi) / c;
        var (_, ntk) = layer.Read(new ConvKernelState(s, s, phi.square().sum(1) / c, phi.square().sum(1) / c, Same: true));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) AssertRelative(ntk[i, j].item<double>(), empirical[i * 3 + j], $"({i},{j})", 1e-12);
    }
}
