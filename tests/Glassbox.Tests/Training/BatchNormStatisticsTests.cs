using Glassbox.Data;
using Glassbox.Training;
using Glassbox.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

public sealed class BatchNormStatisticsTests
{
    static ImageDataset Images(int count)
    {
        var random = new Random(5);
        var pixels = new byte[count * 2 * 6 * 6];
        random.NextBytes(pixels);
        return new ImageDataset(count, 2, 6, 6, pixels, new byte[count], 1);
    }

    [Fact]
    public void Running_statistics_become_the_equal_weight_average_of_the_batches_statistics()
    {
        using var scope = NewDisposeScope();
        ImageDataset data = Images(32);
        var batches = new ImageBatches(data, PixelNormalization.Of(data), ScalarType.Float64);
        var conv = nn.Conv2d(2, 3, 3, bias: false, dtype: ScalarType.Float64);
        var norm = new AffineFreeBatchNorm2d(3, 1e-5, ScalarType.Float64);
        var model = nn.Sequential(conv, norm);
        Tensor weightBefore = conv.weight.detach().clone();
        model.eval();

        // 9 asked, 3 full batches of 10 in 32 images: 3 used, and the order (documented: stream −2 − epoch) decides which 30.
        BatchNormStatistics.Recompute(model, batches, batchSize: 10, count: 9, seed: 7, epoch: 2);

        // Independently: those batches through the convolution, their statistics averaged with equal weights.
        int[] order = SeededDraws.Order(7, -2 - 2, 32);
        var means = new List<Tensor>();
        var variances = new List<Tensor>();
        using (no_grad())
            for (int k = 0; k < 3; k++)
            {
                var (x, _) = batches.Batch(order.AsSpan(10 * k, 10), default);
                Tensor h = conv.forward(x).transpose(0, 1).reshape(3, -1);
                means.Add(h.mean([1]));
                variances.Add(h.var(1, unbiased: true));
            }
        Tensor expectedMean = stack(means).mean([0]), expectedVar = stack(variances).mean([0]);
        Assert.True(norm.running_mean.sub(expectedMean).abs().max().item<double>() < 1e-12);
        Assert.True(norm.running_var.sub(expectedVar).abs().max().item<double>() < 1e-12);
        Assert.Equal(AffineFreeBatchNorm2d.DefaultMomentum, norm.Momentum);
        Assert.False(model.training);
        Assert.Equal(0, conv.weight.detach().sub(weightBefore).abs().max().item<double>());
    }

    [Fact]
    public void A_model_without_affine_free_batch_norm_is_refused()
    {
        using var scope = NewDisposeScope();
        ImageDataset data = Images(8);
        var batches = new ImageBatches(data, PixelNormalization.Of(data), ScalarType.Float32);
        var model = nn.Sequential(nn.Conv2d(2, 3, 3));
        Assert.Throws<ArgumentException>(() => BatchNormStatistics.Recompute(model, batches, 4, 2, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormStatistics.Recompute(model, batches, 4, 0, 1, 0));
    }
}
