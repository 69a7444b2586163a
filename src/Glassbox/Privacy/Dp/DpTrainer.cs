using System.Diagnostics;
using System.Globalization;
using Glassbox.Backend;
using Glassbox.Data;
using Glassbox.Experiments;
using Glassbox.Privacy.Accounting;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>What a DP-SGD run is: noise multiplier σ, clipping norm C, sample rate q, epochs, δ, SGD's rate and momentum.</summary>
/// <remarks><see cref="Private"/> false is the non-private baseline on the same Poisson batches: the batch's summed gradient
/// divided by qN, no clipping, no noise (σ and C are then ignored) and no ε.</remarks>
public sealed record DpTrainingOptions(double Noise, double Clip, double SampleRate, int Epochs, double Delta, double Rate = 0.25,
    double Momentum = 0, long Seed = 1, int Threads = 0, bool Resume = false, int EvalBatchSize = 1000, bool Private = true)
{
    /// <summary>Steps per epoch: 1/q, rounded (Opacus: the data loader's length).</summary>
    public int StepsPerEpoch => Math.Max(1, (int)Math.Round(1 / SampleRate));

    public void Validate()
    {
        if (Private && (!(Noise > 0) || !double.IsFinite(Noise))) throw new ArgumentOutOfRangeException(nameof(Noise), $"the noise multiplier σ must be finite and > 0, got {Noise}");
        if (Private && (!(Clip > 0) || !double.IsFinite(Clip))) throw new ArgumentOutOfRangeException(nameof(Clip), $"the clipping norm C must be finite and > 0, got {Clip}");
        if (!(SampleRate > 0 && SampleRate <= 1)) throw new ArgumentOutOfRangeException(nameof(SampleRate), $"the sample rate q must be in (0, 1], got {SampleRate}");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be ≥ 1, got {Epochs}");
        if (!(Delta > 0 && Delta < 1)) throw new ArgumentOutOfRangeException(nameof(Delta), $"δ must be in (0, 1), got {Delta}");
        if (!(Rate > 0) || !double.IsFinite(Rate)) throw new ArgumentOutOfRangeException(nameof(Rate), $"the learning rate must be finite and > 0, got {Rate}");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), $"momentum must be in [0, 1), got {Momentum}");
    }
}

/// <summary>One epoch of DP-SGD: the privacy spent after it (improved and classic conversions), with the epoch's record;
/// ε, its order and the classic ε are null for the non-private baseline (no guarantee).</summary>
public sealed record DpEpochRecord(int Epoch, long Step, double TrainLoss, double TestLoss, double TestAccuracy,
    double? Epsilon, double? Order, double? EpsilonClassic, double Delta, double MeanBatch, double Seconds);

/// <summary>
/// DP-SGD (Abadi et al., CCS 2016): every step a Poisson batch (each example with probability q), each example's gradient
/// clipped to C, Gaussian noise σC added to the sum, divided by qN, then SGD (PyTorch's momentum, no weight decay). After
/// every epoch: the test accuracy, ε at δ from the RDP accountant for the steps so far, a checkpoint (atomically) and the
/// logs <c>log.jsonl</c>/<c>log.csv</c> (the common training log) and <c>privacy.jsonl</c> (with ε). A resumed run continues
/// with fresh draws (the sampling and noise come from the cryptographic generator, so they cannot be replayed) and
/// the accountant counts every step taken.
/// </summary>
public static class DpTrainer
{
    public const string PrivacyLog = "privacy.jsonl";

    /// <summary>Pixels mapped to [−1, 1] by fixed constants, not by statistics of the private data (which DP-SGD does not protect).</summary>
    public static PixelNormalization FixedNormalization(int channels) => new(Enumerable.Repeat(0.5, channels).ToArray(), Enumerable.Repeat(0.5, channels).ToArray());

    public static IReadOnlyList<DpEpochRecord> Run(PerExampleNet net, string modelName, ImageSplit data, DpTrainingOptions options, KeySource random,
        string folder, IProgress<(int Epoch, int Step, int Steps)>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        TorchBackend.SetThreads(options.Threads);
        Directory.CreateDirectory(folder);
        string checkpointPath = Path.Combine(folder, Trainer.CheckpointFile);
        ImageDataset train = data.Train;
        ScalarType dtype = net.Parameters[0].dtype;
        var identity = new RunIdentity(0, options.Private
                ? string.Create(CultureInfo.InvariantCulture, $"dp-sgd σ={options.Noise:R} C={options.Clip:R} q={options.SampleRate:R} η={options.Rate:R} δ={options.Delta:R}")
                : string.Create(CultureInfo.InvariantCulture, $"poisson-sgd (not private) q={options.SampleRate:R} η={options.Rate:R}"),
            options.Momentum, 0, 0, options.Seed, dtype.ToString(), false, Trainer.Shape(train), Trainer.Shape(data.Test), net.Parameters.Count,
            0, modelName, Trainer.Fingerprint(train), null);
        var normalization = FixedNormalization(train.Channels);
        var trainBatches = new ImageBatches(train, normalization, dtype);
        var testBatches = new ImageBatches(data.Test, normalization, dtype);
        using var sgd = new MomentumSgd(net.Parameters, new ConstantSchedule(options.Rate), options.Momentum, 0);
        var records = new List<EpochRecord>();
        var privacy = new List<DpEpochRecord>();
        var privacyFile = new JsonLinesFile<DpEpochRecord>(Path.Combine(folder, PrivacyLog), "DP epoch record");
        int startEpoch = 0;
        long step = 0;
        if (File.Exists(checkpointPath))
        {
            if (!options.Resume) throw new InvalidOperationException($"{checkpointPath} exists: resume the run or choose another folder");
            var checkpoint = TrainingCheckpoint.Load(checkpointPath);
            Trainer.CheckIdentity(checkpointPath, checkpoint.Identity, identity);
            if (checkpoint.Epoch > options.Epochs)
                throw new InvalidOperationException($"{checkpointPath} holds {checkpoint.Epoch} epochs, more than the {options.Epochs} asked for: choose another folder");
            TrainingCheckpoint.Restore(checkpointPath, "module tensors", checkpoint.State, Trainer.ModuleState(net));
            TrainingCheckpoint.Restore(checkpointPath, "momentum buffers", checkpoint.Buffers, Trainer.BufferState(sgd));
            (startEpoch, step) = (checkpoint.Epoch, checkpoint.Step);
            records.AddRange(checkpoint.Records);
            privacy.AddRange(privacyFile.Load().Take(startEpoch));
        }

        var sampler = new PoissonSampler(train.Count, options.SampleRate, random);
        double expectedBatch = options.SampleRate * train.Count;
        DpGradient? privatiser = options.Private ? new DpGradient(options.Clip, options.Noise, expectedBatch, DpGradient.Noise(random)) : null;
        int steps = options.StepsPerEpoch;
        // The optimiser reads .grad; tensors made once here, outside every dispose scope, and overwritten each step.
        Tensor[] grads = net.Parameters.Select(p => p.grad ??= zeros_like(p)).ToArray();
        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long examples = 0, correct = 0;
            for (int s = 0; s < steps; s++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int[] batch = sampler.Next();
                Tensor[] gradient;
                if (privatiser is null)
                {
                    (gradient, double loss, long right) = PlainGradient(net, trainBatches, batch, expectedBatch);
                    (lossSum, examples, correct) = (lossSum + loss, examples + batch.Length, correct + right);
                }
                else if (batch.Length == 0) gradient = privatiser.Privatise(null, net.Parameters);
                else
                {
                    var (input, labels) = trainBatches.Batch(batch, default);
                    var (loss, perExample, right) = net.PerExampleGradients(input, labels);
                    gradient = privatiser.Privatise(perExample, net.Parameters);
                    (lossSum, examples, correct) = (lossSum + loss * batch.Length, examples + batch.Length, correct + right);
                }
                for (int i = 0; i < gradient.Length; i++) grads[i].copy_(gradient[i]);
                sgd.Step(step++);
                progress?.Report((epoch, s + 1, steps));
            }
            var (testLoss, testAccuracy) = Trainer.Evaluate(net, testBatches, options.EvalBatchSize);
            PrivacySpent? spent = null, classic = null;
            if (options.Private)
            {
                double[] rdp = new RdpAccountant().Add(options.SampleRate, options.Noise, step).Rdp(RdpAccountant.DefaultOrders);
                spent = RdpAccountant.Best(RdpAccountant.DefaultOrders, rdp, options.Delta, RdpConversion.Improved);
                classic = RdpAccountant.Best(RdpAccountant.DefaultOrders, rdp, options.Delta, RdpConversion.Classic);
            }
            // An epoch whose every batch came out empty (only for tiny q·N) has no training loss: 0 stands for it.
            double trainLoss = examples == 0 ? 0 : lossSum / examples, trainAccuracy = examples == 0 ? 0 : (double)correct / examples;
            double seconds = clock.Elapsed.TotalSeconds;
            records.Add(new EpochRecord(epoch + 1, step, options.Rate, trainLoss, trainAccuracy, testLoss, testAccuracy, Trainer.WeightNorm(net.Parameters), seconds));
            privacy.Add(new DpEpochRecord(epoch + 1, step, trainLoss, testLoss, testAccuracy, spent?.Epsilon, spent?.Order, classic?.Epsilon, options.Delta,
                (double)examples / steps, seconds));
            // The logs before the checkpoint: a kill between them leaves an epoch logged but not checkpointed, which the
            // resume overwrites (it reads the privacy log only up to the checkpoint's epoch), never a checkpoint without its log.
            TrainingLog.Write(folder, records);
            privacyFile.Save(privacy);
            new TrainingCheckpoint(identity, epoch + 1, step, records, TrainingCheckpoint.Capture(Trainer.ModuleState(net)),
                TrainingCheckpoint.Capture(Trainer.BufferState(sgd))).Save(checkpointPath);
        }
        return privacy;
    }

    /// <summary>The non-private step's gradient: Σ_batch ∇loss / qN (what DP-SGD computes with C = ∞ and σ = 0), by one ordinary backward pass.</summary>
    static (Tensor[] Gradient, double LossSum, long Correct) PlainGradient(PerExampleNet net, ImageBatches batches, int[] batch, double expectedBatch)
    {
        if (batch.Length == 0) return (net.Parameters.Select(p => zeros_like(p)).ToArray(), 0, 0);
        var (input, labels) = batches.Batch(batch, default);
        Tensor output = net.forward(input);
        Tensor loss = nn.functional.cross_entropy(output, labels, reduction: nn.Reduction.Sum);
        IList<Tensor> g = autograd.grad([loss], [.. net.Parameters]);
        long correct;
        using (no_grad()) correct = output.argmax(1).eq(labels).sum().ToInt64();
        return (g.Select(t => t.div(expectedBatch)).ToArray(), loss.ToDouble(), correct);
    }
}
