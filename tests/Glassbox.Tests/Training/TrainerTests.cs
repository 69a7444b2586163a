using Glassbox.Data;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "glassbox-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>64 training and 16 test images, 3×8×8, 2 classes, from a fixed seed; the label follows the red mean, so it is learnable.</summary>
    internal static ImageSplit Synthetic()
    {
        ImageDataset Make(int count, int seed)
        {
            var random = new Random(seed);
            var pixels = new byte[count * 3 * 64];
            random.NextBytes(pixels);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(pixels.AsSpan(i * 192, 64).ToArray().Average(b => b) > 127.5 ? 1 : 0)).ToArray();
            return new ImageDataset(count, 3, 8, 8, pixels, labels, 2);
        }
        return new ImageSplit(Make(64, 1), Make(16, 2));
    }

    internal static TrainerOptions Options(ScalarType dtype, int epochs, bool resume = false) =>
        new(epochs, 10, new StepDecaySchedule(0.1, [9], 0.5), Momentum: 0.9, WeightDecay: 5e-4, InitialBufferFactor: 0.3, Seed: 11,
            DType: dtype, Augment: true, Threads: 1, Resume: resume);

    static (byte[][] State, TrainingResult Result) Train(string folder, ScalarType dtype, params TrainerOptions[] runs)
    {
        TrainingResult? result = null;
        foreach (TrainerOptions options in runs)
        {
            // A fresh process would build a fresh net: the checkpoint must carry everything else.
            using var net = new TinyNet(3, 2, seed: 4, dtype);
            result = Trainer.Run(net, net.Trained, Synthetic(), options, folder);
            if (options == runs[^1])
                return (net.state_dict().Values.Select(t => t.contiguous().bytes.ToArray()).ToArray(), result);
        }
        throw new InvalidOperationException("no run");
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void ResumeIsBitIdenticalToAStraightRun(ScalarType dtype)
    {
        var (straight, straightResult) = Train(Path.Combine(_folder, "straight"), dtype, Options(dtype, 2));
        var (resumed, resumedResult) = Train(Path.Combine(_folder, "resumed"), dtype, Options(dtype, 1), Options(dtype, 2, resume: true));

        Assert.Equal(straight.Length, resumed.Length); // conv weight, BN running mean, var, count, linear weight, bias
        for (int i = 0; i < straight.Length; i++) Assert.Equal(straight[i], resumed[i]);
        Assert.Equal(1, resumedResult.ResumedFromEpoch);
        Assert.Equal(straightResult.Steps, resumedResult.Steps);
        Assert.Equal(straightResult.Epochs.Select(r => r with { Seconds = 0 }), resumedResult.Epochs.Select(r => r with { Seconds = 0 }));
        Assert.Equal(14, straightResult.Steps); // 7 batches of 10 (the last of 4) per epoch
        Assert.Equal(0.05, straightResult.Epochs[1].Lr); // step 13 is past the milestone at step 9
    }

    [Fact]
    public void RecalibratedBatchNormChangesOnlyTheEvaluationAndResumesBitIdentically()
    {
        TrainerOptions Recalibrated(int epochs, bool resume = false) => Options(ScalarType.Float64, epochs, resume) with { BnRecalibrationBatches = 3 };
        var (plain, plainResult) = Train(Path.Combine(_folder, "plain"), ScalarType.Float64, Options(ScalarType.Float64, 2));
        var (straight, straightResult) = Train(Path.Combine(_folder, "straight"), ScalarType.Float64, Recalibrated(2));
        var (resumed, resumedResult) = Train(Path.Combine(_folder, "resumed"), ScalarType.Float64, Recalibrated(1), Recalibrated(2, resume: true));

        for (int i = 0; i < straight.Length; i++) Assert.Equal(straight[i], resumed[i]);
        Assert.Equal(straightResult.Epochs.Select(r => r with { Seconds = 0 }), resumedResult.Epochs.Select(r => r with { Seconds = 0 }));
        // Training never reads the running statistics: the same training losses and weights, another test loss.
        Assert.Equal(plainResult.Epochs.Select(r => r.TrainLoss), straightResult.Epochs.Select(r => r.TrainLoss));
        Assert.Equal(plain[0], straight[0]);
        Assert.NotEqual(plainResult.Epochs[^1].TestLoss, straightResult.Epochs[^1].TestLoss);
        // A checkpoint made without recalibration is not resumed with it.
        var error = Assert.Throws<InvalidDataException>(() => Train(Path.Combine(_folder, "plain"), ScalarType.Float64, Recalibrated(3, resume: true)));
        Assert.Contains("BnRecalibrationBatches", error.Message);
    }

    [Fact]
    public void TrainingMovesTheWeightsAndLogsOneLinePerEpoch()
    {
        using var net = new TinyNet(3, 2, seed: 4, ScalarType.Float64);
        using var before = net.Trained[0].detach().clone();
        var reported = new List<EpochRecord>();
        var result = Trainer.Run(net, net.Trained, Synthetic(), Options(ScalarType.Float64, 3), _folder, new SyncProgress(reported.Add));

        Assert.True(net.Trained[0].sub(before).abs().max().ToDouble() > 0);
        Assert.Equal([1, 2, 3], result.Epochs.Select(r => r.Epoch));
        Assert.Equal(result.Epochs, reported);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_folder, Trainer.LogFile)).Length);
        Assert.Equal(result.Epochs, TrainingLog.Read(_folder));
        string[] csv = File.ReadAllLines(Path.Combine(_folder, Trainer.CsvFile));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("epoch,step,lr,train_loss,train_acc,test_loss,test_acc,weight_norm,seconds", csv[0]);
        Assert.All(result.Epochs, r => Assert.InRange(r.TestAccuracy, 0, 1));
        Assert.Equal(Trainer.WeightNorm(net.Trained), result.Epochs[^1].WeightNorm);
    }

    [Fact]
    public void AFailedSaveLeavesTheOldCheckpointAndNoTemporary()
    {
        Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 1));
        string path = Path.Combine(_folder, Trainer.CheckpointFile);
        byte[] before = File.ReadAllBytes(path);
        var good = TrainingCheckpoint.Load(path);
        // The records cannot be serialised (NaN is not JSON): the save fails half-way through writing.
        var bad = good with { Records = [good.Records[0] with { TrainLoss = double.NaN }] };
        Assert.ThrowsAny<Exception>(() => bad.Save(path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder, "*checkpoint*"));
    }

    [Fact]
    public void ATruncatedOrCorruptCheckpointIsAClearError()
    {
        Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 1));
        string path = Path.Combine(_folder, Trainer.CheckpointFile);
        byte[] bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 2, resume: true)));
        Assert.Contains(path, truncated.Message);
        Assert.Contains("truncated or corrupt", truncated.Message);

        bytes[100] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path)).Message);

        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("not a Glassbox training checkpoint", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path)).Message);
    }

    [Fact]
    public void ACheckpointOfAnotherRunOrModelIsRefused()
    {
        Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 1));
        string path = Path.Combine(_folder, Trainer.CheckpointFile);

        var seed = Assert.Throws<InvalidDataException>(() => Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 2, resume: true) with { Seed = 12 }));
        Assert.Contains(path, seed.Message);
        Assert.Contains("Seed 11 in the checkpoint, 12 now", seed.Message);

        using var wider = new TinyNet(3, 3, seed: 4, ScalarType.Float64);
        var model = Assert.Throws<InvalidDataException>(() => Trainer.Run(wider, wider.Trained, Synthetic(), Options(ScalarType.Float64, 2, resume: true), _folder));
        Assert.Contains("another model", model.Message);

        Assert.Throws<InvalidOperationException>(() => Train(_folder, ScalarType.Float64, Options(ScalarType.Float64, 2)));
    }

    sealed class SyncProgress(Action<EpochRecord> report) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value) => report(value);
    }

    [Fact]
    public void Every_batch_is_reported_in_order()
    {
        using var net = new TinyNet(3, 2, seed: 4, ScalarType.Float64);
        var steps = new List<TrainingStep>();
        Trainer.Run(net, net.Trained, Synthetic(), Options(ScalarType.Float64, 2), _folder, null, default, new InlineProgress<TrainingStep>(steps.Add));

        int batches = steps[0].Batches;
        Assert.Equal(2 * batches, steps.Count);
        Assert.Equal(Enumerable.Range(1, 2 * batches).Select(i => (long)i), steps.Select(s => s.Step));
        Assert.Equal(Enumerable.Range(0, 2).SelectMany(e => Enumerable.Range(1, batches).Select(b => (e, b))), steps.Select(s => (s.Epoch, s.Batch)));
        Assert.All(steps.Where(s => s.Batch == batches), s => Assert.Equal(Synthetic().Train.Count, s.Images));
    }
}
