using Glassbox.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Glassbox.Tests.Training.Models.ModelTestInputs;

namespace Glassbox.Tests.Training.Models;

public sealed class ModelFactoryTests
{
    // Conv weights by hand: stem 3·16·9; per stage k blocks of two 3×3 convs, the first block of stages 2 and 3
    // widening (and a 1×1 projection 16·32, 32·64).
    static long ExpectedConvWeights(int k) =>
        3 * 16 * 9
        + 2 * k * 16 * 16 * 9
        + (16 * 32 * 9 + (2 * k - 1) * 32 * 32 * 9 + 16 * 32)
        + (32 * 64 * 9 + (2 * k - 1) * 64 * 64 * 9 + 32 * 64);

    [Theory]
    [InlineData("preresnet20", 3, 270_256)]
    [InlineData("preresnet32", 5, 463_792)]
    public void PreResNetTrainsOnlyItsConvWeights(string name, int k, long expected)
    {
        using var model = ModelFactory.Create(name, 10, seed: 0, ScalarType.Float32, 1e-5);
        Assert.Equal(expected, ExpectedConvWeights(k));
        Assert.Equal(expected, model.TrainedParameterCount());
        var trained = model.TrainedParameters();
        // stem + 6k block convs + 2 projections, all 4-d and bias-free.
        Assert.Equal(1 + 6 * k + 2, trained.Count);
        Assert.All(trained, p => Assert.Equal(4, p.dim()));
        Assert.All(model.modules().OfType<AffineFreeBatchNorm2d>(), bn => Assert.Empty(bn.parameters()));
        Assert.All(model.modules().OfType<Conv2d>(), conv => Assert.Null(conv.bias));
        var fixedParameters = model.parameters().Where(p => !p.requires_grad).ToList();
        Assert.Equal(new[] { new long[] { 10, 64 }, new long[] { 10 } }, fixedParameters.Select(p => p.shape));
    }

    [Fact]
    public void ShapesOfTheOutputs()
    {
        using var scope = NewDisposeScope();
        using var resnet = ModelFactory.Create("preresnet20", 7, seed: 0, ScalarType.Float64, 1e-5);
        Assert.Equal(new long[] { 4, 7 }, resnet.forward(Batch("preresnet20", ScalarType.Float64)).shape);
        using var cnn = ModelFactory.Create("SmallCnn", 10, seed: 0, ScalarType.Float64, 1e-5);
        Assert.Equal(new long[] { 4, 10 }, cnn.forward(Batch("smallcnn", ScalarType.Float64)).shape);
        Assert.Equal(1 * 32 * 9 + 32 * 64 * 9 + 64 * 64 * 9, cnn.TrainedParameterCount());
    }

    [Theory]
    [InlineData("preresnet20")]
    [InlineData("smallcnn")]
    public void Float32WeightsAreChannelsLastAndComputeTheFloat64Function(string name)
    {
        using var scope = NewDisposeScope();
        using var single = ModelFactory.Create(name, 10, seed: 5, ScalarType.Float32, 1e-5);
        using var dbl = ModelFactory.Create(name, 10, seed: 5, ScalarType.Float64, 1e-5);
        Assert.True(single.ChannelsLast);
        Assert.False(dbl.ChannelsLast);
        // The float64 model given the float32 weights computes the same function in the standard layout.
        var ps = single.TrainedParameters();
        var pd = dbl.TrainedParameters();
        Assert.Equal(pd.Count, ps.Count);
        using (no_grad())
            for (int i = 0; i < ps.Count; i++)
            {
                Assert.True(ScaleInvariantNet.IsChannelsLast(ps[i]), $"trained parameter {i} is not NHWC-strided");
                pd[i].copy_(ps[i]);
            }
        foreach (var (a, b) in single.modules().OfType<TorchSharp.Modules.Linear>().Zip(dbl.modules().OfType<TorchSharp.Modules.Linear>()))
            using (no_grad()) { b.weight!.copy_(a.weight!); b.bias!.copy_(a.bias!); }
        Tensor x = Batch(name, ScalarType.Float64);
        Tensor expected = ForwardCopy(dbl, x);
        Tensor output = ForwardCopy(single, x.to_type(ScalarType.Float32));
        Assert.True(RelativeError(output, expected) < 1e-4, $"float32 channels-last output differs from float64 by {RelativeError(output, expected):E2}");
        // A backward pass gives gradients in the weights' layout, so in-place SGD keeps it.
        single.forward(x.to_type(ScalarType.Float32)).square().sum().backward();
        Assert.All(ps, p => Assert.True(ScaleInvariantNet.IsChannelsLast(p.grad!)));
    }

    [Theory]
    [InlineData("preresnet20")]
    [InlineData("smallcnn")]
    public void SameSeedGivesTheSameWeights(string name)
    {
        using var scope = NewDisposeScope();
        using var a = ModelFactory.Create(name, 10, seed: 42, ScalarType.Float64, 1e-5);
        using var b = ModelFactory.Create(name, 10, seed: 42, ScalarType.Float64, 1e-5);
        using var c = ModelFactory.Create(name, 10, seed: 43, ScalarType.Float64, 1e-5);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();
        Assert.Equal(pa.Count, pb.Count);
        for (int i = 0; i < pa.Count; i++)
        {
            Assert.True(pa[i].sub(pb[i]).abs().max().item<double>() == 0, $"parameter {i} differs between two models of seed 42");
            Assert.False(pa[i].sub(pc[i]).abs().max().item<double>() == 0, $"parameter {i} is the same for seeds 42 and 43");
        }
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelFactory.Create("resnet18", 10, 0, ScalarType.Float32, 1e-5));
        Assert.Contains("resnet18", error.Message);
        foreach (string known in Names) Assert.Contains(known, error.Message);
    }

    [Fact]
    public void BadDepthAndEpsilonAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreResNet(21, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnn(10, 0, bnEpsilon: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnn(0, 0));
    }
}
