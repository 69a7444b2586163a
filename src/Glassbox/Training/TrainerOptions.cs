using static TorchSharp.torch;

namespace Glassbox.Training;

/// <summary>
/// A training run: <paramref name="Epochs"/> epochs of mini-batches of <paramref name="BatchSize"/> (the last batch of
/// an epoch may be smaller), rates from <paramref name="Schedule"/> at the global step, SGD with
/// <paramref name="Momentum"/>, <paramref name="WeightDecay"/> and first buffer <paramref name="InitialBufferFactor"/>·θ₀.
/// <paramref name="Augment"/> null means on for 32×32 images (CIFAR-10) and off otherwise (MNIST family).
/// <paramref name="Threads"/> ≤ 0 keeps LibTorch's default. <paramref name="Resume"/> continues from the folder's checkpoint.
/// <paramref name="BnRecalibrationBatches"/> &gt; 0 recomputes BatchNorm's running statistics from that many training
/// batches before each evaluation (<see cref="BatchNormStatistics"/>); 0 evaluates with the running averages as trained.
/// <paramref name="Mixing"/> replaces each training batch by mixed images and soft targets (mixup, InstaHide).
/// </summary>
public sealed record TrainerOptions(
    int Epochs,
    int BatchSize,
    LearningRateSchedule Schedule,
    double Momentum = 0,
    double WeightDecay = 0,
    double InitialBufferFactor = 0,
    long Seed = 0,
    ScalarType DType = ScalarType.Float32,
    bool? Augment = null,
    int EvalBatchSize = 1000,
    int Threads = 0,
    bool Resume = false,
    int BnRecalibrationBatches = 0,
    IBatchMixing? Mixing = null)
{
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(null, $"epochs must be ≥ 1, got {Epochs}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(null, $"the batch size must be ≥ 1, got {BatchSize}");
        if (BnRecalibrationBatches < 0) throw new ArgumentOutOfRangeException(null, $"the batch-norm recalibration batches must be ≥ 0, got {BnRecalibrationBatches}");
        if (BnRecalibrationBatches > 0 && BatchSize < 2)
            throw new ArgumentOutOfRangeException(null, $"recomputing batch-norm statistics needs batches of at least 2, got {BatchSize}");
        if (EvalBatchSize < 1) throw new ArgumentOutOfRangeException(null, $"the evaluation batch size must be ≥ 1, got {EvalBatchSize}");
        ArgumentNullException.ThrowIfNull(Schedule);
        ExponentialEquivalent.CheckMomentum(Momentum);
        ExponentialEquivalent.CheckWeightDecay(WeightDecay);
        if (!double.IsFinite(InitialBufferFactor)) throw new ArgumentOutOfRangeException(null, $"the initial buffer factor must be finite, got {InitialBufferFactor}");
        if (DType is not (ScalarType.Float32 or ScalarType.Float64)) throw new ArgumentOutOfRangeException(null, $"dtype is float32 or float64, got {DType}");
    }
}
