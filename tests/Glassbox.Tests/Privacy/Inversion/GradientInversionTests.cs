using Glassbox.Data;
using Glassbox.Privacy.Inversion;
using Glassbox.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy.Inversion;

public sealed class GradientInversionTests
{
    static readonly Lazy<ImageDataset> Mnist = new(() => MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train);

    static InversionResult Invert(string defense, int iterations, int index = 0)
    {
        ImageDataset mnist = Mnist.Value;
        double[] truth = mnist.Pixels.AsSpan(index * 784, 784).ToArray().Select(b => b / 255.0).ToArray();
        using var net = new InversionNet("lenet", 1, 28, 28, 10, seed: 1);
        return GradientInversion.Run(net, truth, [mnist.Labels[index]], 1, 28, 28, 10, SharedGradient.Parse(defense), iterations, seed: 2);
    }

    [Fact]
    public void Recovers_a_digit_and_its_label_from_the_undefended_gradient_of_the_sigmoid_lenet()
    {
        InversionResult result = Invert("none", 15);
        Assert.True(result.Images[0].Ssim > 0.9, $"SSIM {result.Images[0].Ssim:0.000}, gradient distance {result.GradientDistance:g3}");
        Assert.Equal(result.Images[0].TrueLabel, result.Images[0].Label);
    }

    [Fact]
    public void Noise_on_the_shared_gradient_defeats_it()
    {
        InversionResult result = Invert("noise:0.1", 10);
        Assert.True(result.Images[0].Ssim < 0.5, $"SSIM {result.Images[0].Ssim:0.000}");
    }

    [Fact]
    public void The_defences_transform_the_gradient_as_stated()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1);
        Tensor[] g = [tensor(new[] { 0.1, -5, 2, 0.3, -0.2 }), tensor(new[] { 3.0, 4, 0, 0 }, [2, 2])];
        Tensor[] pruned = SharedGradient.Parse("prune:0.6").Apply(g, generator);
        Assert.Equal(new[] { 0.0, -5, 2, 0, 0 }, pruned[0].data<double>().ToArray()); // 3 of 5 smallest set to 0
        Tensor[] clipped = SharedGradient.Parse("dp:2,0").Apply(g, generator);
        double norm = Math.Sqrt(clipped.Sum(t => t.square().sum().ToDouble()));
        Assert.Equal(2, norm, 12); // ‖g‖ = √(25.3 + 4 + 0.01 + 0.09 + 0.04 + 25) > 2: scaled to 2
        Tensor[] noisy = SharedGradient.Parse("noise:0.5").Apply([zeros(100000, ScalarType.Float64)], generator);
        Assert.Equal(0.5, noisy[0].std().ToDouble(), 2);
        Assert.Equal("dp:1.5,0.8", SharedGradient.Parse("dp:1.5,0.8").ToString());
        Assert.Contains("expected none, noise:SIGMA", Assert.Throws<ArgumentException>(() => SharedGradient.Parse("blur:2")).Message);
        Assert.Throws<ArgumentException>(() => SharedGradient.Parse("prune:1"));
    }
}
