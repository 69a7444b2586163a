using System.Runtime.CompilerServices;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// Float64 arctangent in SIMD, from Cephes' atan.c (S. Moshier; the same reduction and rational function as Go's math.satan):
/// t &gt; tan(3π/8) → π/2 − atan(1/t), t &gt; 0.66 → π/4 + atan((t − 1)/(t + 1)), then atan z = z + z·z²·P(z²)/Q(z²) with
/// P of degree 4 and Q of degree 5, and π/2's low bits added back. Built on it, π − arccos x = arccos(−x) =
/// 2·atan √((1 + x)/(1 − x)), which keeps every digit near x = ±1 (no 1 − x² and no π − θ cancellation). Error bounds are
/// tested against Math.Atan and Math.Acos (CephesAtanTests).
/// </summary>
internal static class CephesAtan
{
    const double P0 = -8.750608600031904122785e-01, P1 = -1.615753718733365076637e+01, P2 = -7.500855792314704667340e+01,
        P3 = -1.228866684490136173410e+02, P4 = -6.485021904942025371773e+01;
    const double Q0 = 2.485846490142306297962e+01, Q1 = 1.650270098316988542046e+02, Q2 = 4.328810604912902668951e+02,
        Q3 = 4.853903996359136964868e+02, Q4 = 1.945506571482613964425e+02;
    const double MoreBits = 6.123233995736765886130e-17; // π/2 = Math.PI/2 + MoreBits
    const double Tan3PiOver8 = 2.41421356237309504880;

    /// <summary>atan t for t ≥ 0, +∞ included (π/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV OfNonNegative<TV, L>(TV t) where TV : struct where L : ISimdLanes<TV, double> => OfRatio<TV, L>(t, L.Splat(1));

    /// <summary>
    /// atan(n/d) for n, d ≥ 0 not both 0 (d = 0 gives π/2), with one division for the reduction: −d/n, (n − d)/(n + d) or n/d.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV OfRatio<TV, L>(TV n, TV d) where TV : struct where L : ISimdLanes<TV, double>
    {
        TV big = L.GreaterThan(n, L.Multiply(d, L.Splat(Tan3PiOver8)));
        TV mid = L.GreaterThan(n, L.Multiply(d, L.Splat(0.66)));
        TV x = L.Divide(L.Select(big, L.Subtract(L.Zero, d), L.Select(mid, L.Subtract(n, d), n)), L.Select(big, n, L.Select(mid, L.Add(n, d), d)));
        TV y = L.Select(big, L.Splat(Math.PI / 2), L.And(mid, L.Splat(Math.PI / 4)));
        TV more = L.Select(big, L.Splat(MoreBits), L.And(mid, L.Splat(0.5 * MoreBits)));
        TV z = L.Multiply(x, x);
        TV p = L.MultiplyAdd(L.MultiplyAdd(L.MultiplyAdd(L.MultiplyAdd(L.Splat(P0), z, L.Splat(P1)), z, L.Splat(P2)), z, L.Splat(P3)), z, L.Splat(P4));
        TV q = L.MultiplyAdd(L.MultiplyAdd(L.MultiplyAdd(L.MultiplyAdd(L.Add(z, L.Splat(Q0)), z, L.Splat(Q1)), z, L.Splat(Q2)), z, L.Splat(Q3)), z, L.Splat(Q4));
        TV r = L.MultiplyAdd(x, L.Divide(L.Multiply(z, p), q), x);
        return L.Add(L.Add(y, r), more);
    }

    /// <summary>π − arccos x = 2·atan(√(1 + x)/√(1 − x)) for x in [−1, 1] (x = 1 gives π).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Supplement<TV, L>(TV x) where TV : struct where L : ISimdLanes<TV, double>
    {
        TV one = L.Splat(1);
        return Supplement<TV, L>(L.Sqrt(L.Add(one, x)), L.Sqrt(L.Subtract(one, x)));
    }

    /// <summary>The same from √(1 + x) and √(1 − x), which the caller may also need (their product is √(1 − x²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Supplement<TV, L>(TV rootOnePlus, TV rootOneMinus) where TV : struct where L : ISimdLanes<TV, double>
    {
        TV atan = OfRatio<TV, L>(rootOnePlus, rootOneMinus);
        return L.Add(atan, atan);
    }
}
