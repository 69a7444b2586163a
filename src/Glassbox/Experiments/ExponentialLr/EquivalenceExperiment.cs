using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Training;
using Glassbox.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Experiments.ExponentialLr;

/// <summary>A scale-invariant net and the parameters to train; the same seed must give the same weights.</summary>
public delegate (nn.Module<Tensor, Tensor> Model, IReadOnlyList<Parameter> Trained) NetBuilder(long seed);

/// <summary>
/// Settings of the exact-equivalence experiment (Li and Arora, ICLR 2020). <see cref="ZeroBuffer"/> starts the
/// exponential run with a zero momentum buffer instead of the converted one: the naive conversion, only approximate.
/// </summary>
public sealed record EquivalenceOptions(LearningRateSchedule Schedule, double WeightDecay, double Momentum, long Steps,
    int BatchSize = 64, long Seed = 1, int CheckEvery = 10, int TestBatch = 256, bool ZeroBuffer = false);

/// <summary>At step t: how far the two nets' outputs are apart, and their weight-norm ratio against the predicted c_t.</summary>
public sealed record EquivalencePoint(long Step, double RateWithDecay, double RateExponential, double OutputRelativeDifference,
    double NormRatio, double PredictedScale, double ScaleRelativeError, double LossWithDecay, double LossExponential);

public sealed record EquivalenceResult(IReadOnlyList<EquivalencePoint> Points, double Alpha, double InitialBufferFactor,
    double MaxOutputRelativeDifference, double MaxScaleRelativeError, double Seconds);

/// <summary>
/// Trains two copies of one scale-invariant net from the same weights on the same batches: one with
/// SGD + momentum + weight decay at the given schedule, one with the same momentum, no weight decay, the
/// converted (exponential / tapered exponential) schedule and the converted first momentum buffer. The
/// theory says the nets compute the same function at every step and θ̃_t = c_t θ_t. Outputs are compared in
/// training mode (batch statistics), where invariance is exact; BatchNorm's running statistics (eval mode)
/// average activations of different scales and are not part of the equivalence.
/// </summary>
public static class EquivalenceExperiment
{
    /// <summary>
    /// The net of experiment a: SmallCnn in float64 with a negligible BatchNorm ε (the experiment shows the conversion, not
    /// rounding or ε) and the readout at PyTorch's default scale, which learns slowly and so keeps the trajectory off chaos
    /// over the horizon (docs/results/exponential-lr.md).
    /// </summary>
    public static NetBuilder SmallCnnFloat64(int classes) => seed =>
    {
        var model = new SmallCnn(classes, seed, ScalarType.Float64, bnEpsilon: 1e-30, readoutBound: ScaleInvariantNet.PyTorchReadoutBound(64));
        return (model, model.TrainedParameters());
    };

    public static EquivalenceResult Run(NetBuilder net, ImageDataset train, EquivalenceOptions options,
        IProgress<EquivalencePoint>? progress = null, CancellationToken cancel = default)
    {
        if (options.Steps < 1) throw new ArgumentOutOfRangeException(nameof(options), "Steps must be ≥ 1.");
        if (options.BatchSize < 1 || options.BatchSize > train.Count)
            throw new ArgumentOutOfRangeException(nameof(options), $"The batch size must be between 1 and the {train.Count} training images.");
        LrConversion conversion = ExponentialEquivalent.Convert(options.Schedule, options.WeightDecay, options.Momentum);
        conversion.Check(options.Steps);
        var clock = Stopwatch.StartNew();
        var (withDecay, trainedA) = net(options.Seed);
        var (exponential, trainedB) = net(options.Seed);
        ScalarType dtype = trainedA[0].dtype;
        using var sgdA = new MomentumSgd(trainedA, options.Schedule, options.Momentum, options.WeightDecay);
        using var sgdB = new MomentumSgd(trainedB, conversion.Converted, options.Momentum, 0, options.ZeroBuffer ? 0 : conversion.InitialBufferFactor);
        var batches = new ImageBatches(train, PixelNormalization.Of(train), dtype);
        var noAugment = new CropFlip[options.BatchSize];
        int[] testRows = SeededDraws.Order(options.Seed, -1, train.Count)[..Math.Min(options.TestBatch, train.Count)];
        var (testInput, _) = batches.Batch(testRows, new CropFlip[testRows.Length]);
        using var testX = testInput;
        var points = new List<EquivalencePoint>();
        int perEpoch = train.Count / options.BatchSize;
        int[] order = [];
        for (long t = 0; t < options.Steps; t++)
        {
            cancel.ThrowIfCancellationRequested();
            int within = (int)(t % perEpoch);
            if (within == 0) order = SeededDraws.Order(options.Seed, (int)(t / perEpoch), train.Count);
            using var scope = NewDisposeScope();
            var (x, y) = batches.Batch(order.AsSpan(within * options.BatchSize, options.BatchSize), noAugment);
            double lossA = TrainStep(withDecay, sgdA, x, y, t), lossB = TrainStep(exponential, sgdB, x, y, t);
            if ((t + 1) % options.CheckEvery == 0 || t + 1 == options.Steps)
            {
                var point = Compare(withDecay, exponential, trainedA, trainedB, testX, conversion, t + 1,
                    options.Schedule.Rate(t), conversion.Converted.Rate(t), lossA, lossB);
                points.Add(point);
                progress?.Report(point);
            }
        }
        withDecay.Dispose();
        exponential.Dispose();
        return new EquivalenceResult(points, conversion.Alpha, conversion.InitialBufferFactor,
            points.Max(p => p.OutputRelativeDifference), points.Max(p => p.ScaleRelativeError), clock.Elapsed.TotalSeconds);
    }

    static double TrainStep(nn.Module<Tensor, Tensor> model, MomentumSgd sgd, Tensor x, Tensor y, long step)
    {
        model.train();
        model.zero_grad();
        Tensor loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        sgd.Step(step);
        return loss.item<double>();
    }

    static EquivalencePoint Compare(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, IReadOnlyList<Parameter> trainedA,
        IReadOnlyList<Parameter> trainedB, Tensor x, LrConversion conversion, long step, double rateA, double rateB, double lossA, double lossB)
    {
        using var noGrad = no_grad();
        a.train();
        b.train();
        Tensor outA = a.call(x), outB = b.call(x);
        double difference = (outA - outB).norm().item<double>() / outA.norm().item<double>();
        double normA = Math.Sqrt(trainedA.Sum(p => p.square().sum().item<double>()));
        double normB = Math.Sqrt(trainedB.Sum(p => p.square().sum().item<double>()));
        double predicted = conversion.WeightScale(step), ratio = normB / normA;
        return new EquivalencePoint(step, rateA, rateB, difference, ratio, predicted, Math.Abs(ratio - predicted) / predicted, lossA, lossB);
    }
}
