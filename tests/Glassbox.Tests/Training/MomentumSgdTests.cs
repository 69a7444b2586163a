using Glassbox.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

public class MomentumSgdTests
{
    [Fact]
    public void MatchesTheHandWrittenUpdate()
    {
        // L = Σ c·θ has gradient c exactly, so every bit of the difference would be the optimiser's.
        double[] c = [0.3, -1.7, 2.5], start = [0.8, -0.25, 1.9];
        double[] rates = [0.1, 0.37, 0.05];
        const double gamma = 0.9, lambda = 0.013, factor = 0.7;
        var theta = new Parameter(torch.tensor(start, ScalarType.Float64));
        using var weights = torch.tensor(c, ScalarType.Float64);
        using var sgd = new MomentumSgd([theta], new TabulatedSchedule(rates), gamma, lambda, factor);

        double[] expected = (double[])start.Clone(), v = start.Select(x => factor * x).ToArray();
        for (int t = 0; t < rates.Length; t++)
        {
            theta.grad?.zero_();
            using (var loss = theta.mul(weights).sum()) loss.backward();
            Assert.Equal(rates[t], sgd.Step(t));
            for (int i = 0; i < c.Length; i++)
            {
                v[i] = gamma * v[i] + c[i] + lambda * expected[i];
                expected[i] -= rates[t] * v[i];
            }
            double[] actual = theta.data<double>().ToArray();
            for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-15, $"step {t}, θ[{i}]: {actual[i]:R} vs {expected[i]:R}");
            double[] buffer = sgd.Buffers[0].data<double>().ToArray();
            for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(buffer[i] - v[i]) <= 1e-15, $"step {t}, v[{i}]");
        }
    }

    [Fact]
    public void ZeroFactorStartsFromAZeroBufferAndSkipsParametersWithoutGradient()
    {
        var used = new Parameter(torch.ones(2, ScalarType.Float64));
        var unused = new Parameter(torch.ones(2, ScalarType.Float64));
        using var sgd = new MomentumSgd([used, unused], new ConstantSchedule(0.5), 0.9, 0);
        Assert.All(sgd.Buffers, b => Assert.Equal(0, b.abs().sum().ToDouble()));
        using (var loss = used.sum()) loss.backward();
        sgd.Step(0);
        Assert.Equal([0.5, 0.5], used.data<double>().ToArray());
        Assert.Equal([1.0, 1.0], unused.data<double>().ToArray());
    }
}
