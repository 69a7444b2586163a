using Glassbox.Training.Models;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training.Models;

public class AffineFreeBatchNormTests
{
    [Fact]
    public void Matches_TorchSharps_BatchNorm2d_in_both_modes()
    {
        using var ours = new AffineFreeBatchNorm2d(3, 1e-5, ScalarType.Float64);
        using var theirs = nn.BatchNorm2d(3, eps: 1e-5, affine: false, dtype: ScalarType.Float64);
        var generator = new Generator(4);
        for (int i = 0; i < 3; i++)
        {
            using var x = randn(new long[] { 5, 3, 4, 4 }, dtype: float64, generator: generator).mul(2.0 + i);
            using var a = ours.call(x);
            using var b = theirs.call(x);
            Assert.True(a.allclose(b, rtol: 1e-13, atol: 1e-13));
        }
        Assert.True(ours.running_mean.allclose(theirs.running_mean!, rtol: 1e-13, atol: 1e-15));
        Assert.True(ours.running_var.allclose(theirs.running_var!, rtol: 1e-13, atol: 1e-15));
        ours.eval();
        theirs.eval();
        using var y = randn(new long[] { 2, 3, 4, 4 }, dtype: float64, generator: generator);
        using var ea = ours.call(y);
        using var eb = theirs.call(y);
        Assert.True(ea.allclose(eb, rtol: 1e-13, atol: 1e-13));
    }
}
