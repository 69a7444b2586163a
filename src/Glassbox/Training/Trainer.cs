using System.Text.Json;
using System.Diagnostics;
using System.Globalization;
using Glassbox.Backend;
using Glassbox.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Glassbox.Training;

/// <summary>
/// Trains a classifier (logits out, cross-entropy loss) with <see cref="MomentumSgd"/> on an <see cref="ImageSplit"/>.
/// After every epoch it writes, in <c>folder</c>, the checkpoint <see cref="CheckpointFile"/> (atomically) and then the
/// logs <see cref="LogFile"/> (JSON lines) and <see cref="CsvFile"/>, rebuilt from the records the checkpoint holds,
/// so a kill at any point resumes to the same files. A resumed run is bit-identical to an uninterrupted one on the
/// same machine and thread count: the data order and augmentation depend on (seed, epoch) only, and the
/// checkpoint holds every parameter, buffer and momentum buffer. The model must not draw random numbers (dropout).
/// </summary>
public static class Trainer
{
    public const string CheckpointFile = "checkpoint.bin", LogFile = "log.jsonl", CsvFile = "log.csv", MixingFile = "mixing.txt";

    /// <summary>
    /// Trains <paramref name="parameters"/> of <paramref name="model"/> (already in <see cref="TrainerOptions.DType"/>);
    /// other parameters are left as they are. Without <see cref="TrainerOptions.Resume"/> the folder must hold no checkpoint.
    /// </summary>
    public static TrainingResult Run(Module<Tensor, Tensor> model, IReadOnlyList<Parameter> parameters, ImageSplit data,
        TrainerOptions options, string folder, IProgress<EpochRecord>? progress = null, CancellationToken cancel = default,
        IProgress<TrainingStep>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (parameters.Count == 0) throw new ArgumentException("no parameters to train");
        if (data.Train.Count == 0 || data.Test.Count == 0)
            throw new ArgumentException($"training needs examples in both parts; train has {data.Train.Count}, test {data.Test.Count}");
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].dtype != options.DType)
                throw new ArgumentException($"trained parameter {i} is {parameters[i].dtype}, the run is {options.DType}: convert the model first");
        TorchBackend.SetThreads(options.Threads);

        Directory.CreateDirectory(folder);
        string checkpointPath = Path.Combine(folder, CheckpointFile);
        foreach (string stale in Directory.GetFiles(folder, $".{CheckpointFile}.*.tmp")) File.Delete(stale);

        ImageDataset train = data.Train;
        bool augment = options.Augment ?? (train.Height == 32 && train.Width == 32);
        var identity = new RunIdentity(options.BatchSize, options.Schedule.ToJson(), options.Momentum, options.WeightDecay,
            options.InitialBufferFactor, options.Seed, options.DType.ToString(), augment, Shape(train), Shape(data.Test), parameters.Count,
            options.BnRecalibrationBatches, model.GetType().Name, Fingerprint(train), options.Mixing?.Identity);
        var normalization = PixelNormalization.Of(train);
        var trainBatches = new ImageBatches(train, normalization, options.DType);
        var testBatches = new ImageBatches(data.Test, normalization, options.DType);

        using var sgd = new MomentumSgd(parameters, options.Schedule, options.Momentum, options.WeightDecay, options.InitialBufferFactor);
        var records = new List<EpochRecord>();
        int startEpoch = 0;
        long step = 0;
        if (File.Exists(checkpointPath))
        {
            if (!options.Resume)
                throw new InvalidOperationException($"{checkpointPath} exists: resume the run or choose another folder");
            var checkpoint = TrainingCheckpoint.Load(checkpointPath);
            CheckIdentity(checkpointPath, checkpoint.Identity, identity);
            if (checkpoint.Epoch > options.Epochs)
                throw new InvalidOperationException($"{checkpointPath} holds {checkpoint.Epoch} epochs, more than the {options.Epochs} asked for: choose another folder");
            TrainingCheckpoint.Restore(checkpointPath, "module tensors", checkpoint.State, ModuleState(model));
            TrainingCheckpoint.Restore(checkpointPath, "momentum buffers", checkpoint.Buffers, BufferState(sgd));
            (startEpoch, step) = (checkpoint.Epoch, checkpoint.Step);
            records.AddRange(checkpoint.Records);
        }
        // Written once the checkpoint (if any) is known to be this run's: what the net trained on, beside its logs; an insecure seed says so here too.
        if (options.Mixing is { } mixing) AtomicFile.WriteText(Path.Combine(folder, MixingFile), mixing.Identity + "\n");

        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var (trainLoss, trainAccuracy, rate) = TrainEpoch(model, sgd, trainBatches, options, augment, epoch, ref step, cancel, steps);
            if (options.BnRecalibrationBatches > 0)
                BatchNormStatistics.Recompute(model, trainBatches, options.BatchSize, options.BnRecalibrationBatches, options.Seed, epoch);
            var (testLoss, testAccuracy) = Evaluate(model, testBatches, options.EvalBatchSize);
            var record = new EpochRecord(epoch + 1, step, rate, trainLoss, trainAccuracy, testLoss, testAccuracy, WeightNorm(parameters),
                clock.Elapsed.TotalSeconds);
            records.Add(record);
            new TrainingCheckpoint(identity, epoch + 1, step, records, TrainingCheckpoint.Capture(ModuleState(model)),
                TrainingCheckpoint.Capture(BufferState(sgd))).Save(checkpointPath);
            TrainingLog.Write(folder, records);
            progress?.Report(record);
        }
        if (startEpoch >= options.Epochs) TrainingLog.Write(folder, records);
        return new TrainingResult(records, step, startEpoch);
    }

    /// <summary>One epoch of mini-batch steps in train mode: mean loss, accuracy as trained, and the last step's rate.</summary>
    internal static (double Loss, double Accuracy, double Rate) TrainEpoch(Module<Tensor, Tensor> model, MomentumSgd sgd, ImageBatches batches,
        TrainerOptions options, bool augment, int epoch, ref long step, CancellationToken cancel, IProgress<TrainingStep>? steps = null)
    {
        model.train();
        int count = batches.Data.Count;
        int[] order = SeededDraws.Order(options.Seed, epoch, count);
        CropFlip[] draws = augment ? SeededDraws.Augmentations(options.Seed, epoch, count, ImageBatches.Padding) : [];
        double lossSum = 0, rate = 0;
        long correct = 0;
        options.Mixing?.BeginEpoch(epoch, count);
        for (int start = 0; start < count; start += options.BatchSize)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            int size = Math.Min(options.BatchSize, count - start);
            var (input, labels) = batches.Batch(order.AsSpan(start, size), augment ? draws.AsSpan(start, size) : default);
            model.zero_grad();
            foreach (Parameter p in sgd.Parameters) p.grad?.zero_();
            Tensor logits, loss, truth = labels;
            if (options.Mixing is { } mixing)
            {
                // Partners outside the batch get the augmentation drawn for their own position number (independent draws either way).
                var (mixed, targets) = mixing.Mix(input, labels, order.AsSpan(start, size), batches.Data.Classes, start / options.BatchSize,
                    ids => batches.Batch(ids, augment ? ids.Select(i => draws[i]).ToArray() : default).Input);
                logits = model.call(mixed);
                loss = SoftCrossEntropy(logits, targets);
                truth = targets.argmax(1);
            }
            else
            {
                logits = model.call(input);
                loss = functional.cross_entropy(logits, labels);
            }
            loss.backward();
            double value = loss.ToDouble();
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"training diverged: loss {value} at epoch {epoch + 1}, step {step}");
            rate = sgd.Step(step++);
            lossSum += value * size;
            correct += logits.argmax(1).eq(truth).sum().ToInt64();
            steps?.Report(new TrainingStep(epoch, start / options.BatchSize + 1, (count + options.BatchSize - 1) / options.BatchSize, step, start + size));
        }
        return (lossSum / count, (double)correct / count, rate);
    }

    /// <summary>Mean cross-entropy and accuracy in eval mode, in order, without gradients.</summary>
    public static (double Loss, double Accuracy) Evaluate(Module<Tensor, Tensor> model, ImageBatches batches, int batchSize)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        int count = batches.Data.Count;
        int[] all = Enumerable.Range(0, count).ToArray();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < count; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var (input, labels) = batches.Batch(all.AsSpan(start, Math.Min(batchSize, count - start)), default);
            Tensor logits = model.call(input);
            lossSum += functional.cross_entropy(logits, labels, reduction: Reduction.Sum).ToDouble();
            correct += logits.argmax(1).eq(labels).sum().ToInt64();
        }
        model.train();
        return (lossSum / count, (double)correct / count);
    }

    /// <summary>‖θ‖ over all trained parameters together.</summary>
    public static double WeightNorm(IReadOnlyList<Parameter> parameters)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Math.Sqrt(parameters.Sum(p => p.to(ScalarType.Float64).square().sum().ToDouble()));
    }

    internal static List<(string, Tensor)> ModuleState(Module<Tensor, Tensor> model) =>
        model.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();

    internal static List<(string, Tensor)> BufferState(MomentumSgd sgd) =>
        sgd.Buffers.Select((b, i) => ($"momentum.{i}", b)).ToList();

    /// <summary>SHA-256 (first 16 hex digits) of the training pixels and labels: MNIST and Fashion-MNIST have the same shapes.</summary>
    internal static string Fingerprint(ImageDataset d)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(d.Pixels.AsSpan(0, d.Count * d.ImageSize));
        hash.AppendData(d.Labels.AsSpan(0, d.Count));
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    internal static string Shape(ImageDataset d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Count}x{d.Channels}x{d.Height}x{d.Width}/{d.Classes}");

    // Schedules are stored as (indented) JSON: shown on one line so the error stays one sentence.
    static string Show(object? value) => value switch
    {
        null => "(none)",
        string text when text.TrimStart().StartsWith('{') => JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static void CheckIdentity(string path, RunIdentity saved, RunIdentity now)
    {
        var differences = typeof(RunIdentity).GetProperties()
            .Where(p => !Equals(p.GetValue(saved), p.GetValue(now)))
            .Select(p => $"{p.Name} {Show(p.GetValue(saved))} in the checkpoint, {Show(p.GetValue(now))} now")
            .ToList();
        if (differences.Count > 0)
            throw new InvalidDataException($"{path}: the checkpoint belongs to another run: {string.Join("; ", differences)}");
    }

    /// <summary>Cross-entropy against soft targets (mixup's and InstaHide's mixed labels): −Σ_c t_c log softmax(z)_c, averaged over the batch.</summary>
    internal static Tensor SoftCrossEntropy(Tensor logits, Tensor targets) => targets.mul(functional.log_softmax(logits, 1)).sum(1).mean().neg();
}
