using Glassbox.Privacy.Dp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy.Dp;

/// <summary>Per-example gradients against the independent computation: one ordinary backward pass per example.</summary>
public sealed class PerExampleGradientTests
{
    /// <summary>Every stage kind: convolutions with stride and padding, group norm, both activations, pooling, linear layers.</summary>
    static PerExampleNet Net(long seed) => new("test", [
        new DpConv2d(2, 4, 3, stride: 2, padding: 1, ScalarType.Float64), new DpGroupNorm(2, 4, ScalarType.Float64), new DpTanh(),
        new DpConv2d(4, 6, 2, stride: 1, padding: 0, ScalarType.Float64), new DpRelu(), new DpMaxPool(2, 1),
        new DpFlatten(), new DpLinear(6 * 2 * 2, 5, ScalarType.Float64), new DpTanh(), new DpLinear(5, 3, ScalarType.Float64)], seed);

    [Fact]
    public void Equal_the_gradients_of_batch_size_one_backward_passes_to_1e_10()
    {
        using var scope = NewDisposeScope();
        using var net = Net(3);
        // Make the group norm's scale and shift other than 1 and 0, so that their formulas are exercised.
        using (no_grad())
            foreach (Parameter p in net.Parameters.Where(p => p.dim() == 1)) p.add_(rand(p.shape, p.dtype, generator: new Generator(9)));
        Tensor x = randn([5, 2, 8, 8], ScalarType.Float64, generator: new Generator(4));
        Tensor y = tensor(new long[] { 0, 2, 1, 1, 0 });
        var (loss, perExample, _) = net.PerExampleGradients(x, y);
        Assert.Equal(net.Parameters.Count, perExample.Length);
        double lossSum = 0;
        for (int n = 0; n < 5; n++)
        {
            foreach (Parameter p in net.Parameters) p.grad?.zero_();
            Tensor single = nn.functional.cross_entropy(net.forward(x[n..(n + 1)]), y[n..(n + 1)]);
            lossSum += single.item<double>();
            single.backward();
            for (int i = 0; i < perExample.Length; i++)
            {
                Tensor expected = net.Parameters[i].grad!, actual = perExample[i][n];
                Assert.Equal(expected.shape, actual.shape);
                double error = (expected - actual).abs().max().item<double>(), size = expected.abs().max().item<double>();
                Assert.True(error <= 1e-10 * Math.Max(size, 1e-3), $"parameter {i}, example {n}: largest difference {error:g3} (largest entry {size:g3})");
                Assert.True(size > 0, $"parameter {i}, example {n}: a zero gradient proves nothing");
            }
        }
        Assert.Equal(lossSum / 5, loss, 12);
    }

    [Fact]
    public void Sum_to_the_gradient_of_the_summed_loss()
    {
        using var scope = NewDisposeScope();
        using var net = Net(5);
        Tensor x = randn([7, 2, 8, 8], ScalarType.Float64, generator: new Generator(6));
        Tensor y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0 });
        var (_, perExample, _) = net.PerExampleGradients(x, y);
        foreach (Parameter p in net.Parameters) p.grad?.zero_();
        nn.functional.cross_entropy(net.forward(x), y, reduction: nn.Reduction.Sum).backward();
        for (int i = 0; i < perExample.Length; i++)
            Assert.True(perExample[i].sum(dim: 0).allclose(net.Parameters[i].grad!, rtol: 1e-12, atol: 1e-14), $"parameter {i}");
    }
}
