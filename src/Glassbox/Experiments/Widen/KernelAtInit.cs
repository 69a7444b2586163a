using Glassbox.Kernels;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>How far one finite net's tangent kernel at initialisation is from the exact kernel: ‖Θ_width − Θ‖_F / ‖Θ‖_F.</summary>
/// <param name="Settings">Everything else that changes the result (data, depth, inputs), so a resumed run never reuses another's rows.</param>
public sealed record WidenRow(string Arch, string Settings, int Width, long Seed, double RelativeError, double Seconds);

/// <summary>
/// Experiment c(i) of issue 14: the empirical NTK (Jacobian contraction, <see cref="EmpiricalNtk"/>) of finite nets of growing
/// width on the training inputs of a <see cref="WidenProblem"/>, against the exact kernel; the theory says the error shrinks
/// like width^(−1/2), a slope of −1/2 on log–log axes.
/// </summary>
public static class KernelAtInit
{
    public static WidenRow Measure(WidenProblem problem, int width, long seed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var net = problem.BuildNet(width);
        EmpiricalNtk.StandardNormalInit(net, seed);
        double[] empirical = EmpiricalNtk.Gram(net, problem.TrainInputs);
        return new WidenRow(problem.Arch, problem.InitSettings, width, seed, RelativeError(empirical, problem.TrainGram()), clock.Elapsed.TotalSeconds);
    }

    /// <summary>‖a − reference‖₂ / ‖reference‖₂ over all entries.</summary>
    public static double RelativeError(double[] a, double[] reference)
    {
        if (a.Length != reference.Length) throw new ArgumentException($"{a.Length} values against {reference.Length}");
        double error = 0, norm = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            error += (a[i] - reference[i]) * (a[i] - reference[i]);
            norm += reference[i] * reference[i];
        }
        return Math.Sqrt(error / norm);
    }

    /// <summary>Least-squares slope of log(mean error over seeds) against log(width).</summary>
    public static double Slope(IEnumerable<WidenRow> rows) => Slope(rows.Select(r => (r.Width, r.RelativeError)));

    /// <summary>Least-squares slope of log(mean value at a width) against log(width).</summary>
    public static double Slope(IEnumerable<(int Width, double Value)> points)
    {
        var means = points.GroupBy(p => p.Width).Select(g => (X: Math.Log(g.Key), Y: Math.Log(g.Average(p => p.Value)))).ToList();
        if (means.Count < 2) throw new ArgumentException("a slope needs at least two widths");
        double mx = means.Average(p => p.X), my = means.Average(p => p.Y);
        return means.Sum(p => (p.X - mx) * (p.Y - my)) / means.Sum(p => (p.X - mx) * (p.X - mx));
    }
}
