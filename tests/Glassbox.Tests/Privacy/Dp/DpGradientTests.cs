using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy.Dp;

public sealed class DpGradientTests
{
    [Fact]
    public void Clipping_scales_each_example_into_the_ball_and_the_sum_is_divided_by_the_expected_batch()
    {
        using var scope = NewDisposeScope();
        // Three examples over two parameters; norms over both together: 0.5, 3 and 10.
        Tensor a = tensor(new[] { 0.3, 0.0, 1.8, 0.0, 6.0, 0.0 }, [3, 2]);
        Tensor b = tensor(new[] { 0.4, 2.4, 8.0 }, [3, 1]);
        var dp = new DpGradient(clip: 1, noiseMultiplier: 0, expectedBatch: 4, noiseSeed: 1);
        Tensor norms = DpGradient.Norms([a, b]);
        Assert.Equal(new[] { 0.5, 3, 10 }, norms.data<double>().ToArray().Select(x => Math.Round(x, 12)));
        Tensor[] g = dp.Privatise([a, b], [zeros(2, ScalarType.Float64), zeros(1, ScalarType.Float64)]);
        // By hand: example 1 kept, 2 scaled by 1/3, 3 by 1/10; then / 4.
        Assert.Equal((0.3 + 1.8 / 3 + 6.0 / 10) / 4, g[0][0].item<double>(), 14);
        Assert.Equal(0, g[0][1].item<double>());
        Assert.Equal((0.4 + 2.4 / 3 + 8.0 / 10) / 4, g[1][0].item<double>(), 14);
    }

    [Fact]
    public void Every_clipped_example_has_norm_at_most_c()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(3);
        Tensor[] perExample = [randn([50, 4, 3], ScalarType.Float64, generator: generator).mul(0.2), randn([50, 7], ScalarType.Float64, generator: generator).mul(0.5)];
        const double c = 1.7;
        Tensor factor = DpGradient.Norms(perExample).clamp_min(c).reciprocal().mul(c);
        Tensor clippedNorms = DpGradient.Norms(perExample.Select(g => g * factor.reshape([50, .. Enumerable.Repeat(1L, (int)g.dim() - 1)])).ToArray());
        Assert.True(clippedNorms.max().item<double>() <= c * (1 + 1e-12));
        Assert.True(clippedNorms.min().item<double>() < c * 0.99); // some inside the ball, left as they were
        Assert.True(DpGradient.Norms(perExample).max().item<double>() > c * 1.01); // and some outside, scaled
        // The privatised sum is the sum of exactly those clipped examples.
        Tensor[] sum = new DpGradient(c, 0, 1, 1).Privatise(perExample, [zeros(4, 3, ScalarType.Float64), zeros(7, ScalarType.Float64)]);
        Assert.True(sum[1].allclose((perExample[1] * factor.reshape(50, 1)).sum(dim: 0), rtol: 1e-12, atol: 1e-14));
    }

    [Fact]
    public void The_noise_has_standard_deviation_sigma_c_over_the_expected_batch()
    {
        using var scope = NewDisposeScope();
        // No examples drawn: the step is noise alone, 300,000 coordinates (standard error of the sd about 0.13%).
        var dp = new DpGradient(clip: 0.7, noiseMultiplier: 1.3, expectedBatch: 50, noiseSeed: DpGradient.Noise(KeySource.Secure()));
        Tensor[] noise = dp.Privatise(null, [zeros(1000, 200, ScalarType.Float64), zeros(100000, ScalarType.Float64)]);
        Tensor all = cat(noise.Select(n => n.flatten()).ToArray());
        double expected = 1.3 * 0.7 / 50;
        Assert.Equal(1, all.std().item<double>() / expected, 2);
        Assert.True(Math.Abs(all.mean().item<double>()) < 5 * expected / Math.Sqrt(300000));
        // Two generators seeded alike give the same noise; the cryptographic seeds differ.
        Assert.Equal(new DpGradient(1, 1, 1, 7).Privatise(null, [zeros(5)])[0].data<float>().ToArray(), new DpGradient(1, 1, 1, 7).Privatise(null, [zeros(5)])[0].data<float>().ToArray());
        Assert.NotEqual(DpGradient.Noise(KeySource.Secure()), DpGradient.Noise(KeySource.Secure()));
    }

    [Fact]
    public void Poisson_batches_average_q_n_and_vary()
    {
        var sampler = new PoissonSampler(2000, 0.05, KeySource.Insecure(4));
        int[] sizes = Enumerable.Range(0, 200).Select(_ => sampler.Next().Length).ToArray();
        // Binomial(2000, 0.05): mean 100, sd 9.7; the mean of 200 draws is within 3 standard errors (2.1) of 100.
        Assert.InRange(sizes.Average(), 100 - 2.1, 100 + 2.1);
        Assert.True(sizes.Distinct().Count() > 10);
        Assert.All(Enumerable.Range(0, 5).Select(_ => sampler.Next()), b => Assert.Equal(b.Order(), b));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonSampler(10, 0, KeySource.Insecure(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DpGradient(0, 1, 1, 1));
    }
}
