using System.Runtime.CompilerServices;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// Float32 π − arccos x in SIMD, from Cephes' asinf (S. Moshier): for |x| ≤ ½, arccos|x| = π/2 − asin|x| with
/// asin s = s + s·z·P(z), z = s²; above, arccos|x| = 2·asin √((1 − |x|)/2). Then π − arccos x = π/2 ∓ (arccos|x| − π/2) by
/// the sign of x. P is Cephes' degree-4 polynomial. Exact at ±1; the error bound is tested against Math.Acos (CephesAcosTests).
/// </summary>
internal static class CephesAcos
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Supplement<TV, L>(TV x) where TV : struct where L : ISimdLanes<TV, float>
    {
        TV half = L.Splat(0.5f);
        TV a = L.Abs(x);
        TV large = L.GreaterThan(a, half);
        TV zLarge = L.MultiplyAdd(a, L.Splat(-0.5f), half); // (1 − |x|)/2
        TV z = L.Select(large, zLarge, L.Multiply(a, a));
        TV s = L.Select(large, L.Sqrt(zLarge), a);
        TV p = L.MultiplyAdd(L.Splat(4.2163199048E-2f), z, L.Splat(2.4181311049E-2f));
        p = L.MultiplyAdd(p, z, L.Splat(4.5470025998E-2f));
        p = L.MultiplyAdd(p, z, L.Splat(7.4953002686E-2f));
        p = L.MultiplyAdd(p, z, L.Splat(1.6666752422E-1f));
        TV asin = L.MultiplyAdd(L.Multiply(s, z), p, s);
        // q = arccos|x| − π/2: 2·asin − π/2 (large) or −asin (small).
        TV q = L.MultiplyAdd(asin, L.Select(large, L.Splat(2f), L.Splat(-1f)), L.And(large, L.Splat(-MathF.PI / 2)));
        return L.Subtract(L.Splat(MathF.PI / 2), L.Xor(q, L.And(x, L.Splat(-0f))));
    }
}
