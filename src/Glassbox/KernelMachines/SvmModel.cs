namespace Glassbox.KernelMachines;

/// <summary>
/// A fitted one-vs-one C-SVM on a precomputed kernel, laid out as LIBSVM's model (and
/// scikit-learn's attributes). Prediction votes as LIBSVM: each pair (i, j) votes for i when its
/// decision value is &gt; 0, else for j; the first class (in ascending label order) with the most
/// votes wins.
/// </summary>
public sealed class SvmModel
{
    readonly int[] classes, trainRows, support, supportCounts, supportRows;
    readonly BinaryMachine[] machines;
    readonly int[][] machineSupport; // per machine: index into the union of support vectors
    readonly double[][] machineCoef;
    readonly double[] rho;

    /// <param name="classOf">Class index (into <paramref name="classes"/>) of each training position.</param>
    internal SvmModel(double c, int[] classes, int[] trainRows, int[] classOf, BinaryMachine[] machines)
    {
        C = c;
        this.classes = classes;
        this.trainRows = trainRows;
        this.machines = machines;

        // The union of support vectors, grouped by class and ascending within a class, as LIBSVM's.
        var isSupport = new bool[trainRows.Length];
        foreach (BinaryMachine m in machines)
            foreach (int position in m.SupportPositions) isSupport[position] = true;
        supportCounts = new int[classes.Length];
        for (int position = 0; position < isSupport.Length; position++)
            if (isSupport[position]) supportCounts[classOf[position]]++;
        var next = new int[classes.Length];
        for (int k = 1; k < classes.Length; k++) next[k] = next[k - 1] + supportCounts[k - 1];
        support = new int[next[^1] + supportCounts[^1]];
        var unionIndex = new int[trainRows.Length];
        for (int position = 0; position < isSupport.Length; position++)
            if (isSupport[position])
            {
                int s = next[classOf[position]]++;
                support[s] = position;
                unionIndex[position] = s;
            }
        supportRows = new int[support.Length];
        for (int s = 0; s < support.Length; s++) supportRows[s] = trainRows[support[s]];

        machineSupport = new int[machines.Length][];
        machineCoef = new double[machines.Length][];
        rho = new double[machines.Length];
        for (int p = 0; p < machines.Length; p++)
        {
            BinaryMachine m = machines[p];
            machineSupport[p] = new int[m.SupportPositions.Count];
            for (int s = 0; s < machineSupport[p].Length; s++) machineSupport[p][s] = unionIndex[m.SupportPositions[s]];
            machineCoef[p] = m.Coefficients.ToArray();
            rho[p] = m.Rho;
        }
    }

    /// <summary>The box constraint this model was fitted with.</summary>
    public double C { get; }

    /// <summary>The class labels, ascending (scikit-learn's <c>classes_</c>).</summary>
    public IReadOnlyList<int> Classes => classes;

    /// <summary>The kernel row of each training position.</summary>
    public IReadOnlyList<int> TrainRows => trainRows;

    /// <summary>The one-vs-one machines, pairs (0,1), (0,2), …, (k−2, k−1) of class indices.</summary>
    public IReadOnlyList<BinaryMachine> Machines => machines;

    /// <summary>Training positions of all support vectors, grouped by class (scikit-learn's <c>support_</c>).</summary>
    public IReadOnlyList<int> Support => support;

    /// <summary>Support vectors per class (scikit-learn's <c>n_support_</c>).</summary>
    public IReadOnlyList<int> SupportCounts => supportCounts;

    /// <summary>
    /// Intercepts −ρ per pair: scikit-learn's <c>intercept_</c> for three or more classes. For two
    /// classes scikit-learn flips the sign of intercept, dual coefficients and decision values so that
    /// positive means the larger label; this library keeps LIBSVM's sign throughout.
    /// </summary>
    public IReadOnlyList<double> Intercepts => rho.Select(r => -r).ToArray();

    /// <summary>SMO iterations summed over the machines.</summary>
    public long Iterations => machines.Sum(m => m.Iterations);

    /// <summary>
    /// LIBSVM's <c>sv_coef</c> ((k−1) × total support vectors; scikit-learn's <c>dual_coef_</c> for
    /// three or more classes): for pair (i, j) the coefficients of class i's vectors are in row j−1,
    /// those of class j's in row i.
    /// </summary>
    public double[][] DualCoefficients()
    {
        int k = classes.Length;
        var coef = new double[k - 1][];
        for (int r = 0; r < k - 1; r++) coef[r] = new double[support.Length];
        int p = 0;
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++, p++)
                for (int s = 0; s < machineSupport[p].Length; s++)
                {
                    int u = machineSupport[p][s];
                    bool ofClassI = u < StartOf(i + 1);
                    coef[ofClassI ? j - 1 : i][u] = machineCoef[p][s];
                }
        return coef;
    }

    int StartOf(int cls)
    {
        int start = 0;
        for (int k = 0; k < cls; k++) start += supportCounts[k];
        return start;
    }

    /// <summary>Decision values (rows × pairs) of kernel rows <paramref name="rows"/>, from the full kernel.</summary>
    public double[,] DecisionFunction(KernelMatrix kernel, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        kernel.CheckIndices(rows, nameof(rows));
        CheckTrainRows(kernel);
        var result = new double[rows.Length, machines.Length];
        var kv = new double[support.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            ReadOnlySpan<double> krow = kernel.Row(rows[r]);
            for (int s = 0; s < kv.Length; s++) kv[s] = krow[supportRows[s]];
            Decide(kv, result, r);
        }
        return result;
    }

    /// <summary>Predicted labels of kernel rows <paramref name="rows"/>, from the full kernel.</summary>
    public int[] Predict(KernelMatrix kernel, ReadOnlySpan<int> rows) => Vote(DecisionFunction(kernel, rows));

    /// <summary>
    /// Decision values (rows × pairs) from a cross kernel K(test, train): <paramref name="rowCount"/>
    /// rows of <see cref="TrainRows"/>.Count values, row-major (scikit-learn's <c>decision_function(K_test)</c>).
    /// </summary>
    public double[,] DecisionFunctionFromCrossKernel(ReadOnlySpan<double> crossKernel, int rowCount)
    {
        int width = trainRows.Length;
        if (rowCount < 0 || (long)rowCount * width != crossKernel.Length)
            throw new ArgumentException(
                $"A cross kernel of {rowCount} rows needs {(long)rowCount * width} values ({rowCount} × {width} training rows), got {crossKernel.Length}.",
                nameof(crossKernel));
        var result = new double[rowCount, machines.Length];
        var kv = new double[support.Length];
        for (int r = 0; r < rowCount; r++)
        {
            ReadOnlySpan<double> krow = crossKernel.Slice(r * width, width);
            for (int s = 0; s < kv.Length; s++) kv[s] = krow[support[s]];
            Decide(kv, result, r);
        }
        return result;
    }

    /// <summary>Predicted labels from a cross kernel K(test, train); see <see cref="DecisionFunctionFromCrossKernel"/>.</summary>
    public int[] PredictFromCrossKernel(ReadOnlySpan<double> crossKernel, int rowCount) =>
        Vote(DecisionFunctionFromCrossKernel(crossKernel, rowCount));

    void Decide(double[] kv, double[,] result, int r)
    {
        for (int p = 0; p < machines.Length; p++)
        {
            int[] sv = machineSupport[p];
            double[] coef = machineCoef[p];
            double sum = 0;
            for (int s = 0; s < sv.Length; s++) sum += coef[s] * kv[sv[s]];
            result[r, p] = sum - rho[p];
        }
    }

    /// <summary>LIBSVM's vote over pairwise decision values (rows × pairs).</summary>
    public int[] Vote(double[,] decisionValues)
    {
        ArgumentNullException.ThrowIfNull(decisionValues);
        int k = classes.Length;
        if (decisionValues.GetLength(1) != machines.Length)
            throw new ArgumentException(
                $"Expected {machines.Length} decision values per row (one per pair of {k} classes), got {decisionValues.GetLength(1)}.",
                nameof(decisionValues));
        var labels = new int[decisionValues.GetLength(0)];
        var votes = new int[k];
        for (int r = 0; r < labels.Length; r++)
        {
            Array.Clear(votes);
            int p = 0;
            for (int i = 0; i < k; i++)
                for (int j = i + 1; j < k; j++, p++)
                    votes[decisionValues[r, p] > 0 ? i : j]++;
            int best = 0;
            for (int i = 1; i < k; i++)
                if (votes[i] > votes[best]) best = i;
            labels[r] = classes[best];
        }
        return labels;
    }

    void CheckTrainRows(KernelMatrix kernel)
    {
        foreach (int row in supportRows)
            if (row >= kernel.Size)
                throw new ArgumentException(
                    $"The model was trained on kernel row {row}, but this kernel has only {kernel.Size} rows; predict with the kernel it was fitted on.",
                    nameof(kernel));
    }
}
