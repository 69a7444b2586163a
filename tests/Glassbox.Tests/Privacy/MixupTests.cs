using Glassbox.Privacy;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy;

public sealed class MixupTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Lambda_has_the_moments_of_Beta_alpha_alpha(double alpha)
    {
        // Beta(α, α): mean ½, variance 1/(4(2α + 1)); for α = 1 the uniform distribution, P(λ < 0.1) = 0.1.
        var mixup = new Mixup(alpha, seed: 5);
        double[] draws = Enumerable.Range(0, 20_000).Select(i => mixup.Draw(i / 100, i % 100, 8).Lambda).ToArray();
        double mean = draws.Average(), variance = draws.Select(x => (x - mean) * (x - mean)).Average();
        double expectedVariance = 1 / (4 * (2 * alpha + 1));
        Assert.Equal(0.5, mean, 0.012);                                   // 4 standard errors (≤ 0.003)
        Assert.Equal(expectedVariance, variance, 0.04 * expectedVariance + 0.002);
        Assert.All(draws, x => Assert.InRange(x, 0, 1));
        if (alpha == 1.0) Assert.Equal(0.1, draws.Count(x => x < 0.1) / 20_000.0, 0.009);
    }

    [Fact]
    public void Mixes_inputs_and_one_hot_labels_with_the_same_lambda_and_partner()
    {
        var mixup = new Mixup(0.4, seed: 3);
        mixup.BeginEpoch(2, 5);
        double[] pixels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        long[] classes = [0, 2, 1, 2, 0];
        using Tensor input = torch.tensor(pixels, [5, 2], ScalarType.Float64), labels = torch.tensor(classes);
        var (mixed, targets) = mixup.Mix(input, labels, new int[5], 3, batch: 7, _ => throw new InvalidOperationException("no fetch"));
        var (lambda, partners) = mixup.Draw(2, 7, 5);
        Assert.Equal(Enumerable.Range(0, 5), partners.Order());
        double[] x = mixed.data<double>().ToArray(), t = targets.data<double>().ToArray();
        for (int n = 0; n < 5; n++)
        {
            int p = partners[n];
            for (int d = 0; d < 2; d++) Assert.Equal(lambda * pixels[2 * n + d] + (1 - lambda) * pixels[2 * p + d], x[2 * n + d], 1e-14);
            for (int c = 0; c < 3; c++)
                Assert.Equal((classes[n] == c ? lambda : 0) + (classes[p] == c ? 1 - lambda : 0), t[3 * n + c], 1e-14);
        }
        Assert.NotEqual(mixup.Draw(2, 8, 5).Lambda, lambda); // another batch, another λ
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Refuses_an_alpha_that_is_not_positive(double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mixup(alpha, 1));
}
