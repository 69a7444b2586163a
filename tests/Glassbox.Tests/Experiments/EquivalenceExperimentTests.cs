using Glassbox.Data;
using Glassbox.Experiments.ExponentialLr;
using Glassbox.Tests.Training;
using Glassbox.Training;
using static TorchSharp.torch;

namespace Glassbox.Tests.Experiments;

public class EquivalenceExperimentTests
{
    static ImageDataset RandomImages(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 3 * 8 * 8];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(_ => (byte)random.Next(2)).ToArray();
        return new ImageDataset(count, 3, 8, 8, pixels, labels, 2);
    }

    // A tiny BatchNorm epsilon: with the default 1e-5, (var + eps) breaks exact scale invariance at about eps/var.
    static (TorchSharp.torch.nn.Module<Tensor, Tensor>, IReadOnlyList<TorchSharp.Modules.Parameter>) Net(long seed)
    {
        var net = new TinyNet(3, 2, (int)seed, float64, bnEpsilon: 1e-30);
        return (net, net.Trained);
    }

    [Theory]
    [InlineData("constant", 5e-4)]
    [InlineData("constant", 1e-2)]
    [InlineData("step", 5e-3)]
    public void Weight_decay_and_the_converted_schedule_give_the_same_net(string kind, double weightDecay)
    {
        LearningRateSchedule schedule = kind == "constant"
            ? new ConstantSchedule(0.1)
            : new StepDecaySchedule(0.1, [60], 0.1);
        var options = new EquivalenceOptions(schedule, weightDecay, 0.9, Steps: 120, BatchSize: 16, CheckEvery: 20, TestBatch: 64);
        var result = EquivalenceExperiment.Run(Net, RandomImages(128, 3), options);

        Assert.Equal(6, result.Points.Count);
        Assert.True(result.MaxOutputRelativeDifference < 1e-9, $"outputs differ by {result.MaxOutputRelativeDifference:E2}");
        Assert.True(result.MaxScaleRelativeError < 1e-9, $"weight-norm ratio off by {result.MaxScaleRelativeError:E2}");
        // The weights really are rescaled (this is not two identical runs).
        Assert.True(result.Points[^1].NormRatio > 1.05, $"norm ratio {result.Points[^1].NormRatio}");
    }

    [Fact]
    public void Without_the_converted_momentum_buffer_the_runs_drift_apart()
    {
        // The check can fail: the same pair of schedules started with both buffers at zero is only approximately equivalent.
        var options = new EquivalenceOptions(new ConstantSchedule(0.1), 1e-2, 0.9, Steps: 60, BatchSize: 16, CheckEvery: 20, TestBatch: 64,
            ZeroBuffer: true);
        var naive = EquivalenceExperiment.Run(Net, RandomImages(128, 3), options);
        Assert.True(naive.MaxScaleRelativeError > 1e-4, $"weight-norm ratio off by only {naive.MaxScaleRelativeError:E2}");
    }
}
