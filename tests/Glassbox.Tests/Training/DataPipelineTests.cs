using Glassbox.Data;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

public class DataPipelineTests
{
    [Fact]
    public void OrderIsASeededPermutation()
    {
        int[] a = SeededDraws.Order(7, 3, 1000), b = SeededDraws.Order(7, 3, 1000);
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, SeededDraws.Order(7, 4, 1000));
        Assert.NotEqual(a, SeededDraws.Order(8, 3, 1000));
    }

    [Fact]
    public void AugmentationIsSeededAndFlipsHalf()
    {
        var a = SeededDraws.Augmentations(5, 2, 4000, 4);
        Assert.Equal(a, SeededDraws.Augmentations(5, 2, 4000, 4));
        Assert.NotEqual(a, SeededDraws.Augmentations(5, 3, 4000, 4));
        Assert.All(a, d => Assert.InRange(d.Top, 0, 8));
        Assert.All(a, d => Assert.InRange(d.Left, 0, 8));
        Assert.InRange(a.Count(d => d.Flip) / 4000.0, 0.46, 0.54);
        Assert.Equal(9, a.Select(d => d.Left).Distinct().Count());
    }

    [Fact]
    public void CropPadsWithBlackAndFlipMirrors()
    {
        // One 1×3×3 image with pixels 0..8, normalised with mean 0 and std 1/255 so values are the bytes.
        var data = new ImageDataset(1, 1, 3, 3, Enumerable.Range(0, 9).Select(i => (byte)i).ToArray(), [1], 2);
        var batches = new ImageBatches(data, new PixelNormalization([0.0], [1 / 255.0]), ScalarType.Float64);
        double[] Pixels(CropFlip? draw)
        {
            var (x, y) = batches.Batch([0], draw is { } d ? [d] : default);
            using (x) using (y) return x.data<double>().ToArray().Select(v => Math.Round(v)).ToArray();
        }
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], Pixels(null));
        Assert.Equal([2, 1, 0, 5, 4, 3, 8, 7, 6], Pixels(new CropFlip(ImageBatches.Padding, ImageBatches.Padding, true)));
        // Corner one pixel up and left of the image: the first row and column are padding.
        Assert.Equal([0, 0, 0, 0, 0, 1, 0, 3, 4], Pixels(new CropFlip(ImageBatches.Padding - 1, ImageBatches.Padding - 1, false)));
    }

    [Fact]
    public void NormalizationMeasuresTheTrainingSet()
    {
        var data = new ImageDataset(2, 1, 1, 2, [0, 255, 255, 0], [0, 1], 2);
        var n = PixelNormalization.Of(data);
        Assert.Equal(0.5, n.Mean[0], 15);
        Assert.Equal(0.5, n.Std[0], 15);
    }
}
