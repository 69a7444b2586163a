using System.Numerics;
using System.Runtime.InteropServices;

namespace Glassbox.KernelMachines;

/// <summary>
/// In-place Cholesky factorisation A = LLᵀ of a small dense SPD matrix (row-major m×m, lower
/// triangle used) and triangular solves; for the SMO's Newton steps on the free set, where m is
/// at most a few hundred and a LAPACK call per step would cost more in marshalling than it saves.
/// </summary>
internal static class DenseCholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="a"/> with L; false when a pivot is not positive.</summary>
    public static bool TryFactor(Span<double> a, int m)
    {
        for (int j = 0; j < m; j++)
        {
            Span<double> rowJ = a.Slice(j * m, m);
            double d = rowJ[j] - Dot(rowJ[..j], rowJ[..j]);
            if (!(d > 0)) return false;
            double ljj = Math.Sqrt(d);
            rowJ[j] = ljj;
            for (int i = j + 1; i < m; i++)
            {
                Span<double> rowI = a.Slice(i * m, m);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ[..j])) / ljj;
            }
        }
        return true;
    }

    /// <summary>Solves LLᵀx = b in place of <paramref name="b"/> with the factor from <see cref="TryFactor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int m, Span<double> b)
    {
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<double> row = l.Slice(i * m, m);
            b[i] = (b[i] - Dot(row[..i], b[..i])) / row[i];
        }
        for (int i = m - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < m; k++) sum -= l[k * m + i] * b[k];
            b[i] = sum / l[i * m + i];
        }
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
                s0 += Vector.LoadUnsafe(ref xr, (nuint)k) * Vector.LoadUnsafe(ref yr, (nuint)k);
                s1 += Vector.LoadUnsafe(ref xr, (nuint)(k + w)) * Vector.LoadUnsafe(ref yr, (nuint)(k + w));
            }
            sum = Vector.Sum(s0 + s1);
        }
        for (; k < n; k++) sum += x[k] * y[k];
        return sum;
    }
}
