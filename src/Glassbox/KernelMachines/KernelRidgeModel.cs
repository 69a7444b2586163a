namespace Glassbox.KernelMachines;

/// <summary>
/// A fitted kernel ridge regression on one-hot targets: scores K(x, train)·A (one column per
/// class), prediction the first class with the largest score.
/// </summary>
public sealed class KernelRidgeModel
{
    readonly int[] classes, trainRows;
    readonly double[] coefficients; // trainRows.Length × classes.Length, row-major

    internal KernelRidgeModel(double lambda, double jitter, int[] classes, int[] trainRows, double[] coefficients)
    {
        Lambda = lambda;
        Jitter = jitter;
        this.classes = classes;
        this.trainRows = trainRows;
        this.coefficients = coefficients;
    }

    /// <summary>The ridge λ asked for.</summary>
    public double Lambda { get; }

    /// <summary>What was added to the diagonal beyond λ for the factorisation to succeed (0 normally).</summary>
    public double Jitter { get; }

    /// <summary>The class labels, ascending: the columns of the targets and scores.</summary>
    public IReadOnlyList<int> Classes => classes;

    /// <summary>The kernel row of each training position.</summary>
    public IReadOnlyList<int> TrainRows => trainRows;

    /// <summary>A = (K + (λ + jitter)I)⁻¹Y: training rows × classes, row-major.</summary>
    public IReadOnlyList<double> Coefficients => coefficients;

    /// <summary>Scores (rows × classes) of kernel rows <paramref name="rows"/>, from the full kernel.</summary>
    public double[,] Scores(KernelMatrix kernel, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        kernel.CheckIndices(rows, nameof(rows));
        foreach (int t in trainRows)
            if (t >= kernel.Size)
                throw new ArgumentException(
                    $"The model was trained on kernel row {t}, but this kernel has only {kernel.Size} rows.", nameof(kernel));
        var result = new double[rows.Length, classes.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            ReadOnlySpan<double> krow = kernel.Row(rows[r]);
            for (int i = 0; i < trainRows.Length; i++)
                Accumulate(result, r, krow[trainRows[i]], i);
        }
        return result;
    }

    /// <summary>Scores from a cross kernel K(test, train): <paramref name="rowCount"/> rows of TrainRows.Count values, row-major.</summary>
    public double[,] ScoresFromCrossKernel(ReadOnlySpan<double> crossKernel, int rowCount)
    {
        int width = trainRows.Length;
        if (rowCount < 0 || (long)rowCount * width != crossKernel.Length)
            throw new ArgumentException(
                $"A cross kernel of {rowCount} rows needs {(long)rowCount * width} values ({rowCount} × {width} training rows), got {crossKernel.Length}.",
                nameof(crossKernel));
        var result = new double[rowCount, classes.Length];
        for (int r = 0; r < rowCount; r++)
            for (int i = 0; i < width; i++)
                Accumulate(result, r, crossKernel[r * width + i], i);
        return result;
    }

    /// <summary>Predicted labels of kernel rows <paramref name="rows"/>.</summary>
    public int[] Predict(KernelMatrix kernel, ReadOnlySpan<int> rows) => ArgMax(Scores(kernel, rows));

    /// <summary>Predicted labels from a cross kernel; see <see cref="ScoresFromCrossKernel"/>.</summary>
    public int[] PredictFromCrossKernel(ReadOnlySpan<double> crossKernel, int rowCount) =>
        ArgMax(ScoresFromCrossKernel(crossKernel, rowCount));

    void Accumulate(double[,] result, int r, double kv, int i)
    {
        int k = classes.Length;
        for (int c = 0; c < k; c++) result[r, c] += kv * coefficients[i * k + c];
    }

    int[] ArgMax(double[,] scores)
    {
        var labels = new int[scores.GetLength(0)];
        for (int r = 0; r < labels.Length; r++)
        {
            int best = 0;
            for (int c = 1; c < classes.Length; c++)
                if (scores[r, c] > scores[r, best]) best = c;
            labels[r] = classes[best];
        }
        return labels;
    }
}
