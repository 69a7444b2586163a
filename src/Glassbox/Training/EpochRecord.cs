namespace Glassbox.Training;

/// <summary>
/// One epoch of a run: <paramref name="Step"/> steps done in all, <paramref name="Lr"/> the rate of the epoch's last
/// step, training loss and accuracy averaged over the epoch's batches as they were trained (train mode), test loss
/// and accuracy in eval mode after the epoch, ‖θ‖ over the trained parameters, and the epoch's wall time.
/// </summary>
public sealed record EpochRecord(int Epoch, long Step, double Lr, double TrainLoss, double TrainAccuracy, double TestLoss,
    double TestAccuracy, double WeightNorm, double Seconds);

/// <summary>What <see cref="Trainer.Run"/> did: every epoch so far (resumed ones included) and the epoch it started from.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> Epochs, long Steps, int ResumedFromEpoch);

/// <summary>One finished batch: epoch (from 0), batch (from 1) of <paramref name="Batches"/>, the global step after it, images of the epoch done.</summary>
public sealed record TrainingStep(int Epoch, int Batch, int Batches, long Step, int Images);
