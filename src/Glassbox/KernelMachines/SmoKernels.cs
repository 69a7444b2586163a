using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.KernelMachines;

/// <summary>
/// The O(l) loops of one SMO iteration, vectorised with <see cref="Vector{T}"/>, for kernel rows
/// of float32 (LIBSVM's Qfloat) or float64. Each lane does the same IEEE operations in the same
/// order as LIBSVM's scalar code (no fused multiply-add), and the arg-max/arg-min reductions keep
/// LIBSVM's tie-break (the last index wins), so results are bit-identical to the scalar loops.
/// </summary>
internal static class SmoKernels
{
    const double Tau = 1e-12;

    /// <summary>Elements per unrolled step: one Vector&lt;float&gt; widens to two Vector&lt;double&gt;.</summary>
    static int Step => 2 * Vector<double>.Count;

    /// <summary>Row element <paramref name="k"/> as a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double At<T>(T[] row, int k) where T : unmanaged =>
        typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref row[k]) : Unsafe.As<T, double>(ref row[k]);

    /// <summary>Elements k .. k + <see cref="Step"/> of a row as two double vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Load<T>(ref T row, int k, out Vector<double> lo, out Vector<double> hi) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Vector.Widen(Vector.LoadUnsafe(ref Unsafe.As<T, float>(ref row), (nuint)k), out lo, out hi);
        }
        else
        {
            ref double d = ref Unsafe.As<T, double>(ref row);
            lo = Vector.LoadUnsafe(ref d, (nuint)k);
            hi = Vector.LoadUnsafe(ref d, (nuint)(k + Vector<double>.Count));
        }
    }

    /// <summary>G[k] += Qi[k]·Δαi + Qj[k]·Δαj for k &lt; G.Length.</summary>
    public static void UpdateGradient<T>(Span<double> g, T[] qi, T[] qj, double dai, double daj) where T : unmanaged
    {
        int n = Math.Min(g.Length, Math.Min(qi.Length, qj.Length)), k = 0;
        ref double gr = ref MemoryMarshal.GetReference(g);
        if (Vector.IsHardwareAccelerated)
        {
            ref T qir = ref MemoryMarshal.GetArrayDataReference(qi);
            ref T qjr = ref MemoryMarshal.GetArrayDataReference(qj);
            var vai = new Vector<double>(dai);
            var vaj = new Vector<double>(daj);
            int w = Vector<double>.Count;
            for (; k <= n - Step; k += Step)
            {
                Load(ref qir, k, out Vector<double> qi0, out Vector<double> qi1);
                Load(ref qjr, k, out Vector<double> qj0, out Vector<double> qj1);
                Vector<double> g0 = Vector.LoadUnsafe(ref gr, (nuint)k);
                Vector<double> g1 = Vector.LoadUnsafe(ref gr, (nuint)(k + w));
                (g0 + (qi0 * vai + qj0 * vaj)).StoreUnsafe(ref gr, (nuint)k);
                (g1 + (qi1 * vai + qj1 * vaj)).StoreUnsafe(ref gr, (nuint)(k + w));
            }
        }
        for (; k < g.Length; k++)
            g[k] += At(qi, k) * dai + At(qj, k) * daj;
    }

    /// <summary>target[k] += scale·row[k] for k &lt; target.Length.</summary>
    public static void AddScaled<T>(Span<double> target, T[] row, double scale) where T : unmanaged
    {
        int n = Math.Min(target.Length, row.Length), k = 0;
        ref double tr = ref MemoryMarshal.GetReference(target);
        if (Vector.IsHardwareAccelerated)
        {
            ref T rr = ref MemoryMarshal.GetArrayDataReference(row);
            var vs = new Vector<double>(scale);
            int w = Vector<double>.Count;
            for (; k <= n - Step; k += Step)
            {
                Load(ref rr, k, out Vector<double> r0, out Vector<double> r1);
                (Vector.LoadUnsafe(ref tr, (nuint)k) + vs * r0).StoreUnsafe(ref tr, (nuint)k);
                (Vector.LoadUnsafe(ref tr, (nuint)(k + w)) + vs * r1).StoreUnsafe(ref tr, (nuint)(k + w));
            }
        }
        for (; k < target.Length; k++)
            target[k] += scale * At(row, k);
    }

    /// <summary>
    /// The first index of WSS 2: arg max of −yₜGₜ over t in I_up (mask −1 where eligible), the last
    /// index among equal maxima; −1 and −∞ when no t is eligible.
    /// </summary>
    public static int ArgMaxUp(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<long> up, out double gmax)
    {
        int n = g.Length, t = 0;
        double best = double.NegativeInfinity;
        long bestIdx = -1;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count && y.Length >= n && up.Length >= n)
        {
            ref double gr = ref MemoryMarshal.GetReference(g);
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref long ur = ref MemoryMarshal.GetReference(up);
            int w = Vector<double>.Count;
            var vBest = new Vector<double>(double.NegativeInfinity);
            var vIdx = new Vector<long>(-1);
            Vector<long> idx = Vector<long>.Indices;
            var step = new Vector<long>(w);
            for (; t <= n - w; t += w)
            {
                Vector<double> v = -(Vector.LoadUnsafe(ref yr, (nuint)t) * Vector.LoadUnsafe(ref gr, (nuint)t));
                Vector<long> take = Vector.GreaterThanOrEqual(v, vBest) & Vector.LoadUnsafe(ref ur, (nuint)t);
                vBest = Vector.ConditionalSelect(take, v, vBest);
                vIdx = Vector.ConditionalSelect(take, idx, vIdx);
                idx += step;
            }
            for (int lane = 0; lane < w; lane++)
                if (vIdx[lane] >= 0 && (vBest[lane] > best || (vBest[lane] == best && vIdx[lane] > bestIdx)))
                {
                    best = vBest[lane];
                    bestIdx = vIdx[lane];
                }
        }
        for (; t < n; t++)
        {
            if (up[t] == 0) continue;
            double v = -(y[t] * g[t]);
            if (v >= best) { best = v; bestIdx = t; }
        }
        gmax = best;
        return (int)bestIdx;
    }

    /// <summary>
    /// The second index of WSS 2: over j in I_low (mask −1 where eligible), Gmax2 = max yⱼGⱼ and the
    /// j with b = Gmax + yⱼGⱼ &gt; 0 minimising −b²/a, a = QD[i] + QD[j] − 2yᵢyⱼQ[i][j] (τ when a ≤ 0);
    /// the last index among equal minima, −1 when none.
    /// </summary>
    public static int ArgMinLow<T>(
        ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<long> low, ReadOnlySpan<double> qd,
        T[] qi, double qdi, double yi, double gmax, out double gmax2) where T : unmanaged
    {
        int n = g.Length, j = 0;
        double best = double.PositiveInfinity, bestG2 = double.NegativeInfinity;
        long bestIdx = -1;
        double twoYi = 2.0 * yi;
        if (Vector.IsHardwareAccelerated && n >= Step && y.Length >= n && low.Length >= n && qd.Length >= n && qi.Length >= n)
        {
            ref double gr = ref MemoryMarshal.GetReference(g);
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref long lr = ref MemoryMarshal.GetReference(low);
            ref double dr = ref MemoryMarshal.GetReference(qd);
            ref T qr = ref MemoryMarshal.GetArrayDataReference(qi);
            int w = Vector<double>.Count;
            var vBest = new Vector<double>(double.PositiveInfinity);
            var vG2 = new Vector<double>(double.NegativeInfinity);
            var vIdx = new Vector<long>(-1);
            Vector<long> idx = Vector<long>.Indices;
            var step = new Vector<long>(w);
            var vGmax = new Vector<double>(gmax);
            var vQdi = new Vector<double>(qdi);
            var vTwoYi = new Vector<double>(twoYi);
            var vTau = new Vector<double>(Tau);
            for (; j <= n - Step; j += Step)
            {
                Load(ref qr, j, out Vector<double> q0, out Vector<double> q1);
                Lane(ref gr, ref yr, ref lr, ref dr, j, q0, vGmax, vQdi, vTwoYi, vTau, ref vBest, ref vG2, ref vIdx, idx);
                idx += step;
                Lane(ref gr, ref yr, ref lr, ref dr, j + w, q1, vGmax, vQdi, vTwoYi, vTau, ref vBest, ref vG2, ref vIdx, idx);
                idx += step;
            }
            for (int lane = 0; lane < w; lane++)
            {
                bestG2 = Math.Max(bestG2, vG2[lane]);
                if (vIdx[lane] >= 0 && (vBest[lane] < best || (vBest[lane] == best && vIdx[lane] > bestIdx)))
                {
                    best = vBest[lane];
                    bestIdx = vIdx[lane];
                }
            }
        }
        for (; j < n; j++)
        {
            if (low[j] == 0) continue;
            double yg = y[j] * g[j];
            if (yg >= bestG2) bestG2 = yg;
            double gradDiff = gmax + yg;
            if (gradDiff > 0)
            {
                double quad = qdi + qd[j] - twoYi * y[j] * At(qi, j);
                double objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / Tau;
                if (objDiff <= best) { best = objDiff; bestIdx = j; }
            }
        }
        gmax2 = bestG2;
        return (int)bestIdx;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Lane(
        ref double gr, ref double yr, ref long lr, ref double dr, int j, Vector<double> q,
        Vector<double> vGmax, Vector<double> vQdi, Vector<double> vTwoYi, Vector<double> vTau,
        ref Vector<double> vBest, ref Vector<double> vG2, ref Vector<long> vIdx, Vector<long> idx)
    {
        Vector<long> eligible = Vector.LoadUnsafe(ref lr, (nuint)j);
        Vector<double> yj = Vector.LoadUnsafe(ref yr, (nuint)j);
        Vector<double> yg = yj * Vector.LoadUnsafe(ref gr, (nuint)j);
        vG2 = Vector.ConditionalSelect(eligible, Vector.Max(vG2, yg), vG2);
        Vector<double> gradDiff = vGmax + yg;
        Vector<double> quad = (vQdi + Vector.LoadUnsafe(ref dr, (nuint)j)) - (vTwoYi * yj) * q;
        Vector<double> denom = Vector.ConditionalSelect(Vector.GreaterThan(quad, Vector<double>.Zero), quad, vTau);
        Vector<double> objDiff = -(gradDiff * gradDiff) / denom;
        Vector<long> take = eligible & Vector.GreaterThan(gradDiff, Vector<double>.Zero) & Vector.LessThanOrEqual(objDiff, vBest);
        vBest = Vector.ConditionalSelect(take, objDiff, vBest);
        vIdx = Vector.ConditionalSelect(take, idx, vIdx);
    }
}
