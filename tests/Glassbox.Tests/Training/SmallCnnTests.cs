using Glassbox.Training.Models;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

public class SmallCnnTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(7.0)]
    public void Scaling_the_trained_weights_leaves_the_outputs_unchanged(double c)
    {
        using var net = new SmallCnn(10, seed: 3, ScalarType.Float64, bnEpsilon: 1e-30);
        net.train();
        using var x = randn(new long[] { 6, 1, 28, 28 }, dtype: float64, generator: new Generator(5));
        using var before = net.call(x);
        using (no_grad())
            foreach (var p in net.Trained) p.mul_(c);
        using var after = net.call(x);
        double difference = (after - before).norm().item<double>() / before.norm().item<double>();
        Assert.True(difference < 1e-12, $"relative change {difference:E2}");
    }

    [Fact]
    public void Scaling_the_fixed_head_does_change_the_outputs()
    {
        using var net = new SmallCnn(10, seed: 3, ScalarType.Float64, bnEpsilon: 1e-30);
        net.train();
        using var x = randn(new long[] { 6, 1, 28, 28 }, dtype: float64, generator: new Generator(5));
        using var before = net.call(x);
        var head = net.parameters().First(p => !p.requires_grad && p.dim() == 2);
        using (no_grad()) head.mul_(2.0);
        using var after = net.call(x);
        Assert.True((after - before).norm().item<double>() > 0.1 * before.norm().item<double>());
    }

    [Fact]
    public void Only_the_convolutions_train_and_the_seed_fixes_the_weights()
    {
        using var a = new SmallCnn(10, seed: 1);
        using var b = new SmallCnn(10, seed: 1);
        using var c = new SmallCnn(10, seed: 2);
        Assert.Equal(3, a.Trained.Count);
        Assert.Equal(3, a.parameters().Count(p => p.requires_grad));
        Assert.True(a.Trained[1].allclose(b.Trained[1], rtol: 0, atol: 0));
        Assert.False(a.Trained[1].allclose(c.Trained[1], rtol: 0, atol: 0));
    }
}
