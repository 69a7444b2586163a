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
    public void Compute(IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        long trainDone = 0;
        trainJob.Run(new InlineProgress<long>(done => { trainDone = done; progress?.Report(done); }), cancel);
        testJob.Run(new InlineProgress<long>(done => progress?.Report(trainDone + done)), cancel);
    }

    /// <summary>Test accuracy of kernel regression with the NTK (or NNGP) of one depth ≤ the architecture's.</summary>
    public double Accuracy(KernelKind kind, int depth, ReadOnlySpan<byte> trainLabels, ReadOnlySpan<byte> testLabels) =>
        Accuracies(kind, depth, [Enumerable.Range(0, train.Count).ToArray()], trainLabels, testLabels)[0];

    /// <summary>
    /// Test accuracies of kernel regressions each fitted on a subset of the training images (<paramref name="rowSets"/>: positions
    /// among them; <paramref name="trainLabels"/> has a label for every training image): the sub-blocks of one pair of Gram matrices.
    /// </summary>
    public double[] Accuracies(KernelKind kind, int depth, IReadOnlyList<int[]> rowSets, ReadOnlySpan<byte> trainLabels, ReadOnlySpan<byte> testLabels)
    {
        if (trainLabels.Length != train.Count || testLabels.Length != test.Count)
            throw new ArgumentException($"expected {train.Count} training and {test.Count} test labels, got {trainLabels.Length} and {testLabels.Length}");
        var kernel = new KernelMatrix(trainJob.Matrix(kind, depth), train.Count);
        double[] cross = testJob.Matrix(kind, depth);
        var accuracies = new double[rowSets.Count];
        for (int s = 0; s < rowSets.Count; s++)
        {
            int[] rows = rowSets[s];
            var labels = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) labels[i] = trainLabels[rows[i]];
            KernelRidgeModel model = KernelRidge.Fit(kernel, rows, labels, lambda: 0);
            var sub = new double[(long)test.Count * rows.Length];
            for (int t = 0; t < test.Count; t++)
                for (int i = 0; i < rows.Length; i++) sub[(long)t * rows.Length + i] = cross[(long)t * train.Count + rows[i]];
            int[] predicted = model.PredictFromCrossKernel(sub, test.Count);
            int correct = 0;
            for (int i = 0; i < predicted.Length; i++) if (predicted[i] == testLabels[i]) correct++;
            accuracies[s] = (double)correct / predicted.Length;
        }
        return accuracies;
    }
}
