using System.Runtime.Intrinsics;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The float64 SIMD arctangent against Math.Atan / Math.Atan2 and π − arccos against Math.Acos(−x), in both lane widths: within
/// two units in the last place over the whole range, exact at the points the kernels rely on (atan ∞ = π/2, π − arccos 1 = π,
/// π − arccos(−1) = 0). A wrong coefficient or reduction branch gives errors of 1e-10 or more.
/// </summary>
public sealed class CephesAtanTests
{
    static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    static double[] Lanes256(Func<Vector256<double>, Vector256<double>> f, double x) { var v = f(Vector256.Create(x)); return [v[0], v[3]]; }

    static IEnumerable<Func<double, double>> Atans()
    {
        yield return t => Lanes256(v => CephesAtan.OfNonNegative<Vector256<double>, Double256>(v), t)[1];
        if (Vector512.IsHardwareAccelerated) yield return t => CephesAtan.OfNonNegative<Vector512<double>, Double512>(Vector512.Create(t))[7];
    }

    static IEnumerable<Func<double, double>> Supplements()
    {
        yield return x => Lanes256(v => CephesAtan.Supplement<Vector256<double>, Double256>(v), x)[1];
        if (Vector512.IsHardwareAccelerated) yield return x => CephesAtan.Supplement<Vector512<double>, Double512>(Vector512.Create(x))[5];
    }

    [Fact]
    public void Atan_is_within_two_ulps_of_Math_Atan_from_zero_to_infinity()
    {
        var random = new Random(1);
        var points = Enumerable.Range(0, 20000).Select(_ => Math.Pow(10, random.NextDouble() * 40 - 20))
            .Concat([0, 1e-300, 0.66, Math.BitIncrement(0.66), 1, 2.41421356237309504880, Math.BitIncrement(2.41421356237309504880), 1e300]).ToArray();
        foreach (var atan in Atans())
        {
            double worst = points.Max(t => Math.Abs(atan(t) - Math.Atan(t)) / Ulp(Math.Atan(t) == 0 ? double.Epsilon : Math.Atan(t)));
            Assert.True(worst <= 2, $"worst error {worst:0.00} ulp");
            Assert.Equal(Math.PI / 2, atan(double.PositiveInfinity));
            Assert.Equal(0.0, atan(0));
        }
    }

    [Fact]
    public void Atan_of_a_ratio_equals_Math_Atan2_in_the_first_quadrant()
    {
        var random = new Random(2);
        for (int k = 0; k < 5000; k++)
        {
            double n = random.NextDouble() * 3, d = random.NextDouble() * 3;
            var v = CephesAtan.OfRatio<Vector256<double>, Double256>(Vector256.Create(n), Vector256.Create(d))[2];
            Assert.True(Math.Abs(v - Math.Atan2(n, d)) <= 2 * Ulp(Math.Atan2(n, d)), $"atan({n:R}/{d:R}) = {v:R}, Math.Atan2 {Math.Atan2(n, d):R}");
        }
        Assert.Equal(Math.PI / 2, CephesAtan.OfRatio<Vector256<double>, Double256>(Vector256.Create(2.0), Vector256<double>.Zero)[0]);
    }

    [Fact]
    public void Pi_minus_arccos_is_within_two_ulps_of_Math_Acos_of_minus_x_even_next_to_plus_and_minus_one()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 20000).Select(_ => random.NextDouble() * 2 - 1)
            .Concat(Enumerable.Range(1, 40).SelectMany(k => new[] { 1 - Math.Pow(2, -k), -1 + Math.Pow(2, -k) }))
            .Concat([0, 0.5, -0.5, Math.BitDecrement(1.0), Math.BitIncrement(-1.0)]).ToArray();
        foreach (var supplement in Supplements())
        {
            double worst = points.Max(x => Math.Abs(supplement(x) - Math.Acos(-x)) / Ulp(Math.Acos(-x)));
            Assert.True(worst <= 2, $"worst error {worst:0.00} ulp");
            Assert.Equal(Math.PI, supplement(1));
            Assert.Equal(0.0, supplement(-1));
        }
    }
}
