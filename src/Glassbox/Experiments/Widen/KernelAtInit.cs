using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>How far one finite net's tangent kernel at initialisation is from the exact kernel: ‖Θ_width − Θ‖_F / ‖Θ‖_F.</summary>
public sealed record WidenRow(string Arch, int Width, long Seed, double RelativeError, double Seconds);

/// <summary>
/// Experiment c(i) of issue 14: the empirical NTK of finite nets of growing width, built by the same code as the kernel
/// (fully connected: <see cref="Serial.BuildNet"/>; convolutional: <see cref="CntkNet"/>), against the exact kernel; the
/// theory says the error shrinks like width^(−1/2), a slope of −1/2 on log–log axes.
/// </summary>
public static class KernelAtInit
{
    /// <summary>Fully connected ReLU net (standard scale, L hidden layers) on the rows of <paramref name="x"/> (n×d, row-major).</summary>
    public static WidenRow FullyConnected(double[,] x, int depth, int width, long seed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Serial arch = Glassbox.Kernels.FullyConnected.Relu(depth, scale: KernelScale.Standard);
        double[] exact = TiledKernel.Compute(arch, KernelKind.Ntk, x);
        using var scope = NewDisposeScope();
        var net = arch.BuildNet(x.GetLength(1), width);
        EmpiricalNtk.StandardNormalInit(net, seed);
        double[] empirical = EmpiricalNtk.Gram(net, tensor(x));
        return new WidenRow("fc", width, seed, RelativeError(empirical, exact), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Convolutional net of <paramref name="architecture"/> with <paramref name="width"/> channels, float32, on the images.</summary>
    public static WidenRow Convolutional(ImageBatch images, CntkArchitecture architecture, int width, long seed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double[] exact = new CpuCntkEngine(CntkPrecision.Float64).Compute(architecture, images, images).Matrix(KernelKind.Ntk, architecture.Depth).ToArray();
        using var scope = NewDisposeScope();
        using var net = new CntkNet(architecture, images.Channels, images.Height, images.Width, width, ScalarType.Float32);
        EmpiricalNtk.StandardNormalInit(net, seed);
        double[] empirical = net.TangentKernel(tensor(images.Data, [images.Count, images.Channels, images.Height, images.Width], ScalarType.Float32));
        return new WidenRow("cnn", width, seed, RelativeError(empirical, exact), clock.Elapsed.TotalSeconds);
    }

    public static double RelativeError(double[] empirical, double[] exact)
    {
        double error = 0, norm = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            error += (empirical[i] - exact[i]) * (empirical[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        return Math.Sqrt(error / norm);
    }

    /// <summary>Least-squares slope of log(mean error over seeds) against log(width).</summary>
    public static double Slope(IEnumerable<WidenRow> rows)
    {
        var points = rows.GroupBy(r => r.Width).Select(g => (X: Math.Log(g.Key), Y: Math.Log(g.Average(r => r.RelativeError)))).ToList();
        if (points.Count < 2) throw new ArgumentException("a slope needs at least two widths");
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
    }
}
