using System.Runtime.Intrinsics;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// The SIMD float32 π − arccos x (Cephes' polynomial) against Math.Acos in float64 on a fine grid of float32 inputs, endpoints
/// included, in both vector widths; 4e-7 absolute is 1.7 ulp of π in float32.
/// </summary>
public sealed class VectorAcosTests
{
    static double WorstError(Func<float[], float[]> supplement, int lanes)
    {
        double worst = 0;
        const int steps = 2_000_000;
        for (int k = 0; k <= steps; k += lanes)
        {
            var x = new float[lanes];
            for (int lane = 0; lane < lanes; lane++) x[lane] = (float)Math.Clamp(-1.0 + 2.0 * (k + lane) / steps, -1.0, 1.0);
            float[] y = supplement(x);
            for (int lane = 0; lane < lanes; lane++) worst = Math.Max(worst, Math.Abs(y[lane] - (Math.PI - Math.Acos(x[lane]))));
        }
        return worst;
    }

    static float[] Narrow(float[] x) { var v = Float256.Supplement(Vector256.Create(x)); return Enumerable.Range(0, 8).Select(i => v[i]).ToArray(); }
    static float[] Wide(float[] x) { var v = Float512.Supplement(Vector512.Create(x)); return Enumerable.Range(0, 16).Select(i => v[i]).ToArray(); }

    [Fact]
    public void Float32_supplement_is_within_4e7_in_both_widths()
    {
        double narrow = WorstError(Narrow, 8);
        Assert.True(narrow < 4e-7, $"worst error {narrow:E3}");
        Assert.True(narrow > 1e-9, "a float32 result cannot be this close: the test is not exercising the approximation");
        Assert.Equal(narrow, WorstError(Wide, 16));
    }

    [Fact]
    public void The_supplement_is_exact_at_the_ends_and_the_middle()
    {
        float[] y = Narrow([1f, -1f, 0f, 0.5f, -0.5f, 0.5000001f, 0.9999999f, -0.9999999f]);
        Assert.Equal(MathF.PI, y[0]);
        Assert.Equal(0f, y[1]);
        Assert.Equal(MathF.PI / 2, y[2]);
        float[] x = [1f, -1f, 0f, 0.5f, -0.5f, 0.5000001f, 0.9999999f, -0.9999999f];
        for (int lane = 3; lane < 8; lane++) Assert.True(Math.Abs(y[lane] - (Math.PI - Math.Acos(x[lane]))) < 4e-7);
    }

    [Fact]
    public void Float64_supplement_is_pi_minus_Math_Acos()
    {
        Vector256<double> y = Double256.Supplement(Vector256.Create(-1.0, -0.3, 0.7, 1.0));
        Assert.Equal(new[] { 0.0, Math.PI - Math.Acos(-0.3), Math.PI - Math.Acos(0.7), Math.PI }, new[] { y[0], y[1], y[2], y[3] });
    }
}
