using System.Globalization;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Experiments.Cntk.FewShot;

/// <summary>
/// Experiment b of issue 14: for every training-set size in <paramref name="Sizes"/> (class-balanced, a multiple of the classes)
/// and every seed 1 .. <paramref name="Seeds"/>, kernel regression with <paramref name="Kernel"/> read at each of
/// <paramref name="Depths"/>, and <paramref name="Model"/> trained for <paramref name="NetSteps"/> SGD steps (0: no net) on the
/// same images; all tested on the first <paramref name="TestPerClass"/> test images of each class.
/// </summary>
public sealed record FewShotSpec(IReadOnlyList<int> Sizes, int Seeds, int TestPerClass, CntkArchitecture Kernel, IReadOnlyList<int> Depths,
    int NetSteps = 200, int NetBatch = 64, double NetRate = 0.1, string Model = "preresnet20", int Tile = 32,
    CntkPrecision Precision = CntkPrecision.Float32, int Threads = 0)
{
    /// <summary>The net's SGD: momentum, weight decay (per step, coupled); the rate follows a cosine from <see cref="NetRate"/> to 0.</summary>
    public const double Momentum = 0.9, WeightDecay = 5e-4;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot run with <paramref name="classes"/> classes.</summary>
    public void Validate(int classes)
    {
        if (Sizes.Count == 0) throw new ArgumentException("at least one training-set size is needed");
        foreach (int n in Sizes)
            if (n < classes || n % classes != 0)
                throw new ArgumentException($"training-set size {n} is not a positive multiple of the {classes} classes (the draws are class-balanced)");
        if (Seeds < 1) throw new ArgumentException($"at least one seed is needed, got {Seeds}");
        if (TestPerClass < 1) throw new ArgumentException($"test images per class must be ≥ 1, got {TestPerClass}");
        if (Depths.Count == 0 || Depths.Any(d => d < 2 || d > Kernel.Depth))
            throw new ArgumentException($"depths must lie in 2..{Kernel.Depth} (the kernel's depth), got {string.Join(",", Depths)}");
        if (NetSteps < 0) throw new ArgumentException($"the net's steps must be ≥ 0, got {NetSteps}");
        if (NetBatch < 1) throw new ArgumentException($"the net's batch must be ≥ 1, got {NetBatch}");
        if (!(NetRate > 0) || !double.IsFinite(NetRate)) throw new ArgumentException($"the net's rate must be a positive number, got {NetRate}");
        if (Tile < 1) throw new ArgumentException($"the tile must be ≥ 1, got {Tile}");
    }

    /// <summary>Everything a result depends on besides (method, size, seed): rows saved under other settings are refused.</summary>
    public string Settings => string.Create(CultureInfo.InvariantCulture,
        $"sizes {string.Join(",", Sizes.Distinct().Order())}; seeds {Seeds}; {TestPerClass} test/class; {Kernel} {Precision}; "
        + $"{Model} {NetSteps} steps, batch min(n,{NetBatch}), cosine from {NetRate:R}, momentum {Momentum:R}, wd {WeightDecay:R}, crop+flip (v1)");

    /// <summary>The name of kernel regression's rows at one depth, e.g. cntk-flatten-d11.</summary>
    public string KernelMethod(int depth) => (Kernel with { Depth = depth }).ToString();
}

/// <summary>One trained classifier's test accuracy: <paramref name="Method"/> (a kernel at a depth, or the net), the training-set size and draw.</summary>
public sealed record FewShotRow(string Method, int Size, int Seed, double Accuracy, double Seconds, string Settings);
