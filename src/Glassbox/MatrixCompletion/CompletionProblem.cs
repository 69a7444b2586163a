using Glassbox.Data;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// A matrix-completion task: the entries to fit, and what the fit is judged on — the whole
/// ground-truth matrix (synthetic problems) and/or held-out entries (real ratings).
/// </summary>
public sealed record CompletionProblem(string Name, Observations Train, Matrix? Truth = null, Observations? Test = null)
{
    public int Rows => Train.Rows;

    public int Cols => Train.Cols;

    /// <summary>Mean over all entries of (X − W*)²: the paper's reconstruction error; NaN without a ground truth.</summary>
    public double ReconstructionError(ReadOnlySpan<double> x)
    {
        if (Truth is null) return double.NaN;
        if (x.Length != Truth.Data.Length)
            throw new ArgumentException($"Expected a {Rows}x{Cols} matrix, got {x.Length} values.");
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = x[i] - Truth.Data[i];
            sum += e * e;
        }
        return sum / x.Length;
    }

    /// <summary>Mean squared error on the held-out entries; NaN without any.</summary>
    public double TestError(ReadOnlySpan<double> x) => Test is null ? double.NaN : Test.MeanSquaredError(x);
}
