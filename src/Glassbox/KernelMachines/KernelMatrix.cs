namespace Glassbox.KernelMachines;

/// <summary>
/// One kernel matrix over all rows of a data set: n×n, row-major, float64. The protocol computes it
/// once and then fits on subsets of rows (train indices) and predicts others (test indices), so fits
/// take this view plus an index array instead of a copied submatrix. The values are not copied:
/// the caller must not change the array while a fit or prediction uses it.
/// </summary>
public sealed class KernelMatrix
{
    readonly double[] values;

    /// <summary>Wraps <paramref name="values"/> (n·n, row-major) after checking its shape and entries.</summary>
    /// <param name="symmetryTolerance">Largest |K[i,j] − K[j,i]| accepted, relative to the largest |K[i,i]|.</param>
    /// <exception cref="ArgumentException">Not n·n values, a non-finite entry, or an asymmetric pair.</exception>
    public KernelMatrix(double[] values, int n, double symmetryTolerance = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if ((long)n * n != values.LongLength)
            throw new ArgumentException(
                $"A kernel matrix over {n} rows needs {(long)n * n} values (n×n, row-major), got {values.LongLength}; the kernel must be square.",
                nameof(values));
        Size = n;
        this.values = values;
        Validate(symmetryTolerance);
    }

    /// <summary>The number of rows (and columns).</summary>
    public int Size { get; }

    /// <summary>K[i, j].</summary>
    public double this[int i, int j] => values[(long)i * Size + j];

    /// <summary>Row <paramref name="i"/>: K[i, 0..n).</summary>
    public ReadOnlySpan<double> Row(int i) => values.AsSpan((int)((long)i * Size), Size);

    /// <summary>The underlying row-major array (not a copy).</summary>
    internal double[] Values => values;

    /// <summary>Checks that every index lies in [0, n); <paramref name="what"/> names the array in the error.</summary>
    internal void CheckIndices(ReadOnlySpan<int> indices, string what)
    {
        for (int t = 0; t < indices.Length; t++)
            if ((uint)indices[t] >= (uint)Size)
                throw new ArgumentException(
                    $"{what}[{t}] = {indices[t]} is not a row of the {Size}×{Size} kernel (expected 0 ≤ index < {Size}).", what);
    }

    void Validate(double symmetryTolerance)
    {
        int n = Size;
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(values[(long)i * n + i]));
        double limit = symmetryTolerance * Math.Max(scale, double.Epsilon);
        for (int i = 0; i < n; i++)
        {
            long rowI = (long)i * n;
            for (int j = 0; j <= i; j++)
            {
                double a = values[rowI + j], b = values[(long)j * n + i];
                if (!double.IsFinite(a) || !double.IsFinite(b))
                    throw new ArgumentException(
                        $"Kernel entry [{(double.IsFinite(a) ? $"{j}, {i}" : $"{i}, {j}")}] is {(double.IsFinite(a) ? b : a)}; every entry must be finite.",
                        nameof(values));
                if (!(Math.Abs(a - b) <= limit))
                    throw new ArgumentException(
                        $"Kernel is not symmetric: [{i}, {j}] = {a} but [{j}, {i}] = {b} (tolerance {limit:g3}).", nameof(values));
            }
        }
    }
}
