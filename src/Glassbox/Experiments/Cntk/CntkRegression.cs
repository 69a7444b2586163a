using Glassbox.Data;
using Glassbox.KernelMachines;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Experiments.Cntk;

/// <summary>
/// Kernel regression with a CNTK, as the authors classify CIFAR-10: solve K_train α = Y, score K_test α, predict the arg-max.
/// Their targets 0.9/−0.1 are one-hot minus 0.1 (times 1): the shift moves every class score of a row alike, so one-hot targets
/// (<see cref="KernelRidge"/> with λ = 0) predict the same classes. The Gram matrices are tiled jobs in <c>folder/train</c>
/// and <c>folder/test</c>, so an interrupted run resumes, and one pass at the deepest depth gives every shallower one.
/// </summary>
public sealed class CntkRegression(string folder, CntkArchitecture architecture, ImageBatch train, ImageBatch test, int tile, ICntkEngine engine)
{
    readonly CntkKernelJob trainJob = new(Path.Combine(folder, "train"), architecture, train, null, tile, engine);
    readonly CntkKernelJob testJob = new(Path.Combine(folder, "test"), architecture, test, train, tile, engine);

    /// <summary>Entries the two jobs compute (the training Gram matrix only on and above its diagonal), and those still to do.</summary>
    public long Entries => Count(trainJob.Tiles) + Count(testJob.Tiles);

    public long EntriesLeft => Count(trainJob.Tiles.Except(trainJob.Finished())) + Count(testJob.Tiles.Except(testJob.Finished()));

    static long Count(IEnumerable<CntkTileKey> tiles) => tiles.Sum(k => (long)k.Rows * k.Cols);

    /// <summary>Computes whatever tiles are missing; <paramref name="progress"/> gets the entries done over both jobs.</summary>
    public void Compute(IProgress<long>? progress = null)
    {
        long trainDone = 0;
        trainJob.Run(new InlineProgress<long>(done => { trainDone = done; progress?.Report(done); }));
        testJob.Run(new InlineProgress<long>(done => progress?.Report(trainDone + done)));
    }

    /// <summary>Test accuracy of kernel regression with the NTK (or NNGP) of one depth ≤ the architecture's.</summary>
    public double Accuracy(KernelKind kind, int depth, ReadOnlySpan<byte> trainLabels, ReadOnlySpan<byte> testLabels)
    {
        var labels = new int[trainLabels.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = trainLabels[i];
        var kernel = new KernelMatrix(trainJob.Matrix(kind, depth), train.Count);
        KernelRidgeModel model = KernelRidge.Fit(kernel, Enumerable.Range(0, train.Count).ToArray(), labels, lambda: 0);
        int[] predicted = model.PredictFromCrossKernel(testJob.Matrix(kind, depth), test.Count);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++) if (predicted[i] == testLabels[i]) correct++;
        return (double)correct / predicted.Length;
    }
}
