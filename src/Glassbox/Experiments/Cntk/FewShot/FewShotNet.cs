using Glassbox.Backend;
using Glassbox.Data;
using Glassbox.Training;
using Glassbox.Training.Models;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Cntk.FewShot;

/// <summary>
/// The finite net of experiment b: <see cref="FewShotSpec.Model"/> initialised from the draw's seed, trained with
/// <see cref="Trainer"/>'s epoch loop (seeded order, random crops and flips, momentum SGD with weight decay) for
/// <see cref="FewShotSpec.NetSteps"/> steps of batch min(n, <see cref="FewShotSpec.NetBatch"/>) under a cosine rate, then tested
/// once. A run takes seconds to a minute, so it is redone after a kill rather than checkpointed; pixels are standardised by the
/// whole training set's statistics, as the kernel's inputs are.
/// </summary>
public static class FewShotNet
{
    /// <summary>Test accuracy after training on <paramref name="draw"/>; <paramref name="steps"/> gets the steps done.</summary>
    public static double TrainAndTest(ImageDataset draw, ImageDataset test, PixelNormalization normalization, FewShotSpec spec, int seed,
        IProgress<long>? steps = null, CancellationToken cancel = default)
    {
        if (spec.NetSteps < 1) throw new ArgumentException("the net needs at least one step");
        int batch = Math.Min(draw.Count, spec.NetBatch);
        int batchesPerEpoch = (draw.Count + batch - 1) / batch;
        int epochs = (spec.NetSteps + batchesPerEpoch - 1) / batchesPerEpoch;
        var options = new TrainerOptions(epochs, batch, new CosineSchedule(spec.NetRate, (long)epochs * batchesPerEpoch), FewShotSpec.Momentum,
            FewShotSpec.WeightDecay, Seed: seed, Augment: true, Threads: spec.Threads);
        options.Validate();
        TorchBackend.SetThreads(spec.Threads);
        using var scope = NewDisposeScope();
        using ScaleInvariantNet net = ModelFactory.Create(spec.Model, draw.Classes, seed);
        using var sgd = new MomentumSgd(net.TrainedParameters(), options.Schedule, options.Momentum, options.WeightDecay, options.InitialBufferFactor);
        var trainBatches = new ImageBatches(draw, normalization, options.DType);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            Trainer.TrainEpoch(net, sgd, trainBatches, options, augment: true, epoch, ref step, cancel);
            steps?.Report(step);
        }
        return Trainer.Evaluate(net, new ImageBatches(test, normalization, options.DType), options.EvalBatchSize).Accuracy;
    }
}
