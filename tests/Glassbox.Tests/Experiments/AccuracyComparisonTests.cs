using Glassbox.Data;
using Glassbox.Experiments.ExponentialLr;
using Glassbox.Training;

namespace Glassbox.Tests.Experiments;

public sealed class AccuracyComparisonTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "glassbox-compare-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>96 training and 32 test images, 1×28×28, 2 classes; the label is whether the top half is brighter.</summary>
    static ImageSplit Synthetic()
    {
        ImageDataset Make(int count, int seed)
        {
            var random = new Random(seed);
            var pixels = new byte[count * 784];
            random.NextBytes(pixels);
            var labels = Enumerable.Range(0, count)
                .Select(i => (byte)(pixels.AsSpan(i * 784, 392).ToArray().Average(b => b) > pixels.AsSpan(i * 784 + 392, 392).ToArray().Average(b => b) ? 1 : 0))
                .ToArray();
            return new ImageDataset(count, 1, 28, 28, pixels, labels, 2);
        }
        return new ImageSplit(Make(96, 1), Make(32, 2));
    }

    static AccuracyComparisonSpec Spec(params long[] seeds) =>
        new("smallcnn", Epochs: 2, BatchSize: 32, Rate: 0.1, Momentum: 0.9, WeightDecay: 5e-3, Schedule: "step:1/0.1", seeds, Threads: 1);

    [Fact]
    public void The_two_arms_train_the_same_net_up_to_the_predicted_scale()
    {
        var result = AccuracyComparison.Run(Spec(3), Synthetic(), _folder);

        Assert.Equal(3, result.StepsPerEpoch);
        var wd = result.Runs.Single(r => r.Arm == AccuracyComparison.WithDecay);
        var texp = result.Runs.Single(r => r.Arm == AccuracyComparison.Exponential);
        Assert.Equal(5e-3, wd.WeightDecay);
        Assert.Equal(0, texp.WeightDecay);
        Assert.Equal(result.Conversion.InitialBufferFactor, texp.InitialBufferFactor);
        Assert.IsType<TaperedExponentialSchedule>(texp.Schedule);
        for (int e = 0; e < 2; e++)
        {
            // float32 and BatchNorm's ε = 1e-5 keep this from being exact; a wrong buffer or rate is off by far more.
            Assert.True(Math.Abs(wd.Epochs[e].TrainLoss - texp.Epochs[e].TrainLoss) < 1e-4,
                $"epoch {e + 1}: train loss {wd.Epochs[e].TrainLoss} with weight decay, {texp.Epochs[e].TrainLoss} converted");
            double ratio = texp.Epochs[e].WeightNorm / wd.Epochs[e].WeightNorm, predicted = result.Conversion.WeightScale(wd.Epochs[e].Step);
            Assert.True(Math.Abs(ratio / predicted - 1) < 1e-4, $"epoch {e + 1}: ‖θ̃‖/‖θ‖ = {ratio}, predicted {predicted}");
            Assert.True(predicted > 1.0001, "the test must see weight decay's scale at work");
        }
        Assert.True(File.Exists(Path.Combine(_folder, "texp-seed3", Trainer.LogFile)));
    }

    [Fact]
    public void A_rerun_reuses_finished_runs()
    {
        var first = AccuracyComparison.Run(Spec(1), Synthetic(), _folder);
        var again = AccuracyComparison.Run(Spec(1), Synthetic(), _folder);
        Assert.Equal(first.Runs.Select(r => r.Final), again.Runs.Select(r => r.Final));
    }

    [Fact]
    public void A_float32_channels_last_run_killed_after_one_epoch_resumes_to_the_same_weights()
    {
        var spec = Spec(2) with { Epochs = 1 };
        AccuracyComparison.Run(spec, Synthetic(), Path.Combine(_folder, "resumed"));
        var resumed = AccuracyComparison.Run(spec with { Epochs = 2 }, Synthetic(), Path.Combine(_folder, "resumed"));
        var straight = AccuracyComparison.Run(spec with { Epochs = 2 }, Synthetic(), Path.Combine(_folder, "straight"));
        foreach (string arm in new[] { AccuracyComparison.WithDecay, AccuracyComparison.Exponential })
        {
            // Every module tensor and momentum buffer, byte for byte (the file also holds the epochs' wall times).
            byte[][] Weights(AccuracyComparisonResult r)
            {
                var checkpoint = TrainingCheckpoint.Load(Path.Combine(r.Runs.Single(x => x.Arm == arm).Folder, Trainer.CheckpointFile));
                return checkpoint.State.Concat(checkpoint.Buffers).Select(t => t.Bytes).ToArray();
            }
            Assert.Equal(straight.Runs.Single(r => r.Arm == arm).Epochs.Select(e => e with { Seconds = 0 }),
                resumed.Runs.Single(r => r.Arm == arm).Epochs.Select(e => e with { Seconds = 0 }));
            Assert.Equal(Weights(straight), Weights(resumed));
        }
    }

    [Fact]
    public void Asking_for_fewer_epochs_than_a_folder_holds_is_an_error()
    {
        AccuracyComparison.Run(Spec(4), Synthetic(), _folder);
        var error = Assert.Throws<InvalidOperationException>(() => AccuracyComparison.Run(Spec(4) with { Epochs = 1 }, Synthetic(), _folder));
        Assert.Contains("holds 2 epochs", error.Message);
    }

    [Theory]
    [InlineData("texp:step:1/0.1", "already a conversion")]
    [InlineData("exp:1.5", "already a conversion")]
    [InlineData("step:x", "step")]
    public void Schedules_that_cannot_be_compared_are_refused(string schedule, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() => AccuracyComparison.Plan(Spec(1) with { Schedule = schedule }, 3));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Weight_decay_beyond_the_real_root_bound_is_refused()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AccuracyComparison.Plan(Spec(1) with { Rate = 1, WeightDecay = 0.01 }, 3));
        Assert.Contains("exceeds", error.Message);
    }
}
