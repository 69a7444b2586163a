using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy;

/// <summary>Experiment 6c's estimates against cases whose answer is known without the code under test.</summary>
public sealed class SingleEncodingUnmixingTests
{
    static readonly ImageDataset Mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train.Take(30);

    static UnmixingRow Row(UnmixingResult result, string estimate) => result.Rows.Single(r => r.Estimate == estimate);

    [Fact]
    public void The_least_squares_affine_fit_recovers_an_affine_image_exactly_and_a_constant_as_the_mean()
    {
        double[] truth = [0.1, 0.5, 0.9, 0.3];
        Assert.Equal(truth, SingleEncodingUnmixing.AffineFit(truth.Select(t => 3 - 2 * t).ToArray(), truth).Select(v => Math.Round(v, 12)));
        Assert.All(SingleEncodingUnmixing.AffineFit([7, 7, 7, 7], truth), v => Assert.Equal(0.45, v, 12));
    }

    [Fact]
    public void With_k_one_the_unmasked_mixture_is_the_image_and_the_encoding_is_not()
    {
        var result = SingleEncodingUnmixing.Run(Mnist, null, new InstaHideOptions(1, InstaHideMode.Inside), KeySource.Insecure(3));
        // λ₀ = 1 and m = σ⊙σ⊙x = x up to float32 rounding of the encoding: SSIM 1 to six places.
        Assert.InRange(Row(result, SingleEncodingUnmixing.Mixture).MeanSsim, 0.999999, 1.000001);
        Assert.InRange(Row(result, SingleEncodingUnmixing.MixtureScaled).MeanSsim, 0.999999, 1.000001);
        // The sign flips leave a linear reading nothing; the magnitude keeps the strokes (MNIST's background is the darkest value).
        Assert.InRange(Row(result, SingleEncodingUnmixing.EncodingFit).MeanSsim, -0.1, 0.1);
        Assert.True(Row(result, SingleEncodingUnmixing.MagnitudeFit).MeanSsim > 0.5);
        Assert.Equal(7, result.Example.Length);
        Assert.Equal(Mnist.Image(0).ToArray().Select(b => b / 255.0), result.Example[0]);
    }

    [Fact]
    public void Mixing_more_images_reveals_less_and_the_rows_summarise_the_images()
    {
        var two = SingleEncodingUnmixing.Run(Mnist, null, new InstaHideOptions(2, InstaHideMode.Inside), KeySource.Insecure(5));
        var six = SingleEncodingUnmixing.Run(Mnist, null, new InstaHideOptions(6, InstaHideMode.Inside), KeySource.Insecure(5));
        Assert.True(Row(two, SingleEncodingUnmixing.MixtureScaled).MeanSsim > Row(six, SingleEncodingUnmixing.MixtureScaled).MeanSsim + 0.1);
        foreach (var row in two.Rows)
        {
            Assert.InRange(row.MedianSsim, -1, row.MaxSsim);
            Assert.InRange(row.MeanSsim, -1, row.MaxSsim);
        }
        Assert.Equal(30, two.Images);
    }
}
