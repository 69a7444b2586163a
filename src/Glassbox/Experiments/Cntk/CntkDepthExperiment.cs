using Glassbox.Data;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Experiments.Cntk;

/// <summary>Experiment a of issue 14: a class-balanced CIFAR-10 subset, <paramref name="TrainPerClass"/> and <paramref name="TestPerClass"/> images of each class.</summary>
public sealed record CntkDepthSpec(int TrainPerClass, int TestPerClass, IReadOnlyList<int> Depths, int Tile = CntkDepthExperiment.DefaultTile,
    CntkPrecision Precision = CntkPrecision.Float32, int Threads = 0);

/// <summary>Test accuracy of kernel regression with one kernel at one depth.</summary>
public sealed record CntkDepthRow(string Kernel, int Depth, int Train, int Test, double Accuracy);

/// <summary>
/// CNTK-V (vanilla, trained ends) and CNTK-GAP (global average pooling, fixed ends) — the two kernels of the authors' CIFAR-10
/// table — by depth, with kernel regression on the first images of each class (training images from the training set, test
/// images from the test set, standardised per channel by the training set's statistics). One tiled job per kernel at the
/// deepest depth gives every depth; the jobs live in <c>folder/KERNEL/</c> and resume after a kill.
/// </summary>
public static class CntkDepthExperiment
{
    public const int DefaultTile = 32;

    public static readonly (string Name, CntkReadout Readout, bool Fix)[] Kernels =
        [("CNTK-V", new CntkReadout.Flatten(), false), ("CNTK-GAP", new CntkReadout.Gap(), true)];

    /// <summary>The kernel regressions, one per kernel, with their training and test images (labels in the datasets).</summary>
    public static IReadOnlyList<(string Name, CntkRegression Regression)> Prepare(ImageSplit data, CntkDepthSpec spec, string folder,
        out ImageDataset train, out ImageDataset test)
    {
        if (spec.Depths.Count == 0 || spec.Depths.Any(d => d < 2)) throw new ArgumentException("depths must be ≥ 2, at least one");
        train = BalancedDraw.Subset(data.Train, BalancedDraw.Indices(data.Train, spec.TrainPerClass, seed: 0));
        test = BalancedDraw.Subset(data.Test, BalancedDraw.Indices(data.Test, spec.TestPerClass, seed: 0));
        ImageBatch x = CntkInputs.Standardised(train, data.Train), z = CntkInputs.Standardised(test, data.Train);
        var engine = new CpuCntkEngine(spec.Precision, spec.Threads);
        int depth = spec.Depths.Max();
        return Kernels.Select(k => (k.Name, new CntkRegression(Path.Combine(folder, k.Name), new CntkArchitecture(depth, k.Readout, k.Fix), x, z, spec.Tile, engine)))
            .ToList();
    }

    /// <summary>Accuracies for every kernel and depth, once the jobs are computed.</summary>
    public static IReadOnlyList<CntkDepthRow> Evaluate(IReadOnlyList<(string Name, CntkRegression Regression)> regressions, CntkDepthSpec spec,
        ImageDataset train, ImageDataset test) =>
        regressions.SelectMany(r => spec.Depths.Order().Select(d =>
            new CntkDepthRow(r.Name, d, train.Count, test.Count, r.Regression.Accuracy(KernelKind.Ntk, d, train.Labels, test.Labels)))).ToList();
}
