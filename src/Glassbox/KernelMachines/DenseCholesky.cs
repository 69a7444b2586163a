using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.KernelMachines;

/// <summary>
/// Cholesky factorisation A = LLᵀ of a dense SPD matrix (row-major n×n, lower triangle used, in
/// place) and the solves with it, single-threaded. Used by the interior-point method, which runs
/// inside the parallel one-vs-one workers: LibTorch's OpenMP pool would oversubscribe the cores
/// there (measured: ten times slower with one other busy thread). Blocked right-looking: the
/// trailing update, n³/3 of the n³/3 + O(n²) flops, runs in 4×4 register tiles of dot products.
/// </summary>
internal static class DenseCholesky
{
    const int Block = 192;

    /// <summary>Overwrites the lower triangle of <paramref name="a"/> with L; false when a pivot is not positive.</summary>
    public static bool TryFactor(double[] a, int n) => TryFactor(a, n, Block);

    /// <summary>As <see cref="TryFactor(double[], int)"/> with blocks of <paramref name="block"/> columns: tests use small odd
    /// blocks to reach what 192 reaches only for large n (several blocks) or never (a tile's remainder of &lt; one vector).</summary>
    internal static bool TryFactor(double[] a, int n, int block)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block, 1);
        for (int k0 = 0; k0 < n; k0 += block)
        {
            int k1 = Math.Min(n, k0 + block);
            // Diagonal block and the panel below it, against the columns k0..k1 only (the columns
            // left of k0 are already subtracted by the trailing updates).
            for (int j = k0; j < k1; j++)
            {
                Span<double> rowJ = a.AsSpan(j * n + k0, j - k0);
                double d = a[j * n + j] - Dot(rowJ, rowJ);
                if (!(d > 0)) return false;
                double ljj = Math.Sqrt(d);
                a[j * n + j] = ljj;
                double inv = 1 / ljj;
                for (int i = j + 1; i < n; i++)
                    a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n + k0, j - k0), rowJ)) * inv;
            }
            // Trailing update: A[i][j] −= L[i][k0..k1)·L[j][k0..k1) for k1 ≤ j ≤ i.
            TrailingUpdate(a, n, k0, k1);
        }
        return true;
    }

    static void TrailingUpdate(double[] a, int n, int k0, int k1)
    {
        int m = k1 - k0;
        ref double ar = ref MemoryMarshal.GetArrayDataReference(a);
        int i = k1;
        for (; i + 4 <= n; i += 4)
        {
            int j = k1;
            for (; j + 4 <= i + 4; j += 4)
                Tile4x4(ref ar, n, i, j, k0, m);
            // j == i + 4 > i: the 4×4 tile straddling the diagonal was covered above (upper part
            // of it lands in the unused upper triangle).
        }
        for (; i < n; i++)
            for (int j = k1; j <= i; j++)
                a[i * n + j] -= Dot(a.AsSpan(i * n + k0, m), a.AsSpan(j * n + k0, m));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x4(ref double ar, int n, int i, int j, int k0, int m)
    {
        ref double x0 = ref Unsafe.Add(ref ar, i * n + k0);
        ref double x1 = ref Unsafe.Add(ref x0, n);
        ref double x2 = ref Unsafe.Add(ref x1, n);
        ref double x3 = ref Unsafe.Add(ref x2, n);
        ref double y0 = ref Unsafe.Add(ref ar, j * n + k0);
        ref double y1 = ref Unsafe.Add(ref y0, n);
        ref double y2 = ref Unsafe.Add(ref y1, n);
        ref double y3 = ref Unsafe.Add(ref y2, n);
        int w = Vector<double>.Count, p = 0;
        Vector<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector<double> c30 = default, c31 = default, c32 = default, c33 = default;
        for (; p + w <= m; p += w)
        {
            Vector<double> a0 = Vector.LoadUnsafe(ref x0, (nuint)p), a1 = Vector.LoadUnsafe(ref x1, (nuint)p);
            Vector<double> a2 = Vector.LoadUnsafe(ref x2, (nuint)p), a3 = Vector.LoadUnsafe(ref x3, (nuint)p);
            Vector<double> b0 = Vector.LoadUnsafe(ref y0, (nuint)p), b1 = Vector.LoadUnsafe(ref y1, (nuint)p);
            Vector<double> b2 = Vector.LoadUnsafe(ref y2, (nuint)p), b3 = Vector.LoadUnsafe(ref y3, (nuint)p);
            c00 = Vector.FusedMultiplyAdd(a0, b0, c00); c01 = Vector.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector.FusedMultiplyAdd(a0, b2, c02); c03 = Vector.FusedMultiplyAdd(a0, b3, c03);
            c10 = Vector.FusedMultiplyAdd(a1, b0, c10); c11 = Vector.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector.FusedMultiplyAdd(a1, b2, c12); c13 = Vector.FusedMultiplyAdd(a1, b3, c13);
            c20 = Vector.FusedMultiplyAdd(a2, b0, c20); c21 = Vector.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector.FusedMultiplyAdd(a2, b2, c22); c23 = Vector.FusedMultiplyAdd(a2, b3, c23);
            c30 = Vector.FusedMultiplyAdd(a3, b0, c30); c31 = Vector.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector.FusedMultiplyAdd(a3, b2, c32); c33 = Vector.FusedMultiplyAdd(a3, b3, c33);
        }
        Span<double> s = stackalloc double[16];
        s[0] = Vector.Sum(c00); s[1] = Vector.Sum(c01); s[2] = Vector.Sum(c02); s[3] = Vector.Sum(c03);
        s[4] = Vector.Sum(c10); s[5] = Vector.Sum(c11); s[6] = Vector.Sum(c12); s[7] = Vector.Sum(c13);
        s[8] = Vector.Sum(c20); s[9] = Vector.Sum(c21); s[10] = Vector.Sum(c22); s[11] = Vector.Sum(c23);
        s[12] = Vector.Sum(c30); s[13] = Vector.Sum(c31); s[14] = Vector.Sum(c32); s[15] = Vector.Sum(c33);
        for (; p < m; p++)
            for (int r = 0; r < 4; r++)
            {
                double xr = Unsafe.Add(ref x0, r * n + p);
                for (int q = 0; q < 4; q++) s[r * 4 + q] += xr * Unsafe.Add(ref y0, q * n + p);
            }
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 4; q++)
                Unsafe.Add(ref ar, (i + r) * n + j + q) -= s[r * 4 + q];
    }

    /// <summary>Solves LLᵀx = b in place of <paramref name="b"/>.</summary>
    public static void Solve(double[] l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
            b[i] = (b[i] - Dot(l.AsSpan(i * n, i), b[..i])) / l[i * n + i];
        // Lᵀx = y column by column: x_i = y_i / L_ii, then y[0..i) −= x_i·L[i][0..i).
        for (int i = n - 1; i >= 0; i--)
        {
            b[i] /= l[i * n + i];
            Axpy(-b[i], l.AsSpan(i * n, i), b[..i]);
        }
    }

    /// <summary>y = A·x for a dense row-major n×n A.</summary>
    public static void Multiply(double[] a, int n, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < n; i++) y[i] = Dot(a.AsSpan(i * n, n), x);
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            int w = Vector<double>.Count;
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
            for (; k <= n - 2 * w; k += 2 * w)
            {
                s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xr, (nuint)k), Vector.LoadUnsafe(ref yr, (nuint)k), s0);
                s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xr, (nuint)(k + w)), Vector.LoadUnsafe(ref yr, (nuint)(k + w)), s1);
            }
            sum = Vector.Sum(s0 + s1);
        }
        for (; k < n; k++) sum += x[k] * y[k];
        return sum;
    }

    static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            var va = new Vector<double>(alpha);
            int w = Vector<double>.Count;
            for (; k <= n - w; k += w)
                Vector.FusedMultiplyAdd(va, Vector.LoadUnsafe(ref xr, (nuint)k), Vector.LoadUnsafe(ref yr, (nuint)k)).StoreUnsafe(ref yr, (nuint)k);
        }
        for (; k < n; k++) y[k] += alpha * x[k];
    }
}
