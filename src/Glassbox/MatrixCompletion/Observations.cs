namespace Glassbox.MatrixCompletion;

/// <summary>
/// Observed entries of a <see cref="Rows"/>×<see cref="Cols"/> matrix: entry k is
/// (<see cref="Row"/>[k], <see cref="Col"/>[k]) = <see cref="Value"/>[k]. Positions are distinct.
/// </summary>
public sealed record Observations
{
    public Observations(int rows, int cols, int[] row, int[] col, double[] value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (row.Length != col.Length || row.Length != value.Length)
            throw new ArgumentException($"Observations need as many rows, columns and values; got {row.Length}, {col.Length}, {value.Length}.");
        var seen = new HashSet<long>(row.Length);
        for (int k = 0; k < row.Length; k++)
        {
            if ((uint)row[k] >= (uint)rows || (uint)col[k] >= (uint)cols)
                throw new ArgumentException($"Observation {k} is at ({row[k]}, {col[k]}), outside a {rows}x{cols} matrix.");
            if (!double.IsFinite(value[k]))
                throw new ArgumentException($"Observation {k} at ({row[k]}, {col[k]}) has the value {value[k]}; expected a finite number.");
            if (!seen.Add((long)row[k] * cols + col[k]))
                throw new ArgumentException($"Observation {k} repeats the position ({row[k]}, {col[k]}).");
        }
        Rows = rows;
        Cols = cols;
        Row = row;
        Col = col;
        Value = value;
    }

    public int Rows { get; }

    public int Cols { get; }

    public int[] Row { get; }

    public int[] Col { get; }

    public double[] Value { get; }

    public int Count => Value.Length;

    /// <summary>Mean of (X_ij − M_ij)² over these entries, X row-major <see cref="Rows"/>×<see cref="Cols"/>.</summary>
    public double MeanSquaredError(ReadOnlySpan<double> x)
    {
        if (x.Length != Rows * Cols)
            throw new ArgumentException($"Expected a {Rows}x{Cols} matrix ({Rows * Cols} values), got {x.Length} values.");
        double sum = 0;
        for (int k = 0; k < Count; k++)
        {
            double e = x[Row[k] * Cols + Col[k]] - Value[k];
            sum += e * e;
        }
        return Count == 0 ? 0 : sum / Count;
    }
}
