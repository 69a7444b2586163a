namespace Glassbox.KernelMachines;

/// <summary>
/// C-SVM classification on a precomputed kernel with the semantics of scikit-learn's
/// <c>SVC(kernel="precomputed", C=C)</c> (its bundled LIBSVM): classes sorted ascending, one
/// binary machine per pair of classes, each solved by LIBSVM's SMO, prediction by LIBSVM's vote.
/// Fits take the full kernel and the training rows, so no submatrix is copied per fit; each pair's
/// block is gathered once into compact float32 rows (LIBSVM's Qfloat) for the inner loops.
/// </summary>
public static class SvmClassifier
{
    /// <summary>Fits one model at <paramref name="options"/>.C.</summary>
    /// <param name="kernel">The kernel over all rows of the data set.</param>
    /// <param name="train">Kernel rows to train on (repeats allowed, as LIBSVM).</param>
    /// <param name="labels">One class label per training row: labels[t] belongs to row train[t].</param>
    /// <param name="options">Hyper-parameters; null for scikit-learn's defaults.</param>
    public static SvmModel Fit(KernelMatrix kernel, ReadOnlySpan<int> train, ReadOnlySpan<int> labels, SvmOptions? options = null)
    {
        options ??= new SvmOptions();
        options.Validate();
        return FitPath(kernel, train, labels, new[] { options.C }, options)[0];
    }

    /// <summary>
    /// Fits one model per C in <paramref name="cs"/> on the same kernel and training rows (the
    /// protocol's grid over C): each pair's block is built once and reused for every C. With
    /// <see cref="SvmSolver.Fast"/> each C after the smallest starts from the previous solution
    /// scaled by C_new/C_old, which stays feasible; every solution still meets LIBSVM's stopping rule.
    /// With <see cref="SvmSolver.Libsvm"/> each C is solved from α = 0, exactly as scikit-learn.
    /// Models come back in the order of <paramref name="cs"/>.
    /// </summary>
    /// <param name="options">Everything but C (its C is ignored); null for the defaults.</param>
    public static IReadOnlyList<SvmModel> FitPath(
        KernelMatrix kernel,
        ReadOnlySpan<int> train,
        ReadOnlySpan<int> labels,
        IReadOnlyList<double> cs,
        SvmOptions? options = null)
    {
        options ??= new SvmOptions();
        return FitPath(kernel, train, labels, cs, options,
            options.Solver == SvmSolver.Fast ? WarmStart.Proportional : WarmStart.None);
    }

    /// <summary><see cref="FitPath(KernelMatrix, ReadOnlySpan{int}, ReadOnlySpan{int}, IReadOnlyList{double}, SvmOptions?)"/> with an explicit warm start (for measurements).</summary>
    internal static IReadOnlyList<SvmModel> FitPath(
        KernelMatrix kernel,
        ReadOnlySpan<int> train,
        ReadOnlySpan<int> labels,
        IReadOnlyList<double> cs,
        SvmOptions options,
        WarmStart warmStart)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(cs);
        if (train.Length == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (labels.Length != train.Length)
            throw new ArgumentException(
                $"Got {labels.Length} labels for {train.Length} training rows; give one label per training row.", nameof(labels));
        if (cs.Count == 0) throw new ArgumentException("Give at least one value of C.", nameof(cs));
        for (int t = 0; t < cs.Count; t++)
            (options with { C = cs[t] }).Validate();
        options.Validate();
        kernel.CheckIndices(train, nameof(train));
        ClassGrouping groups = ClassGrouping.Create(labels, nameof(labels));

        int[] order = Enumerable.Range(0, cs.Count).OrderBy(t => cs[t]).ToArray();
        var pairs = new List<(int A, int B)>();
        for (int a = 0; a < groups.Count; a++)
            for (int b = a + 1; b < groups.Count; b++) pairs.Add((a, b));

        // solutions[p][t]: pair p at C = cs[order[t]]. Biggest pairs first balances the cores.
        var solutions = new BinarySolution[pairs.Count][];
        int[] schedule = Enumerable.Range(0, pairs.Count)
            .OrderByDescending(p => groups.Members[pairs[p].A].Length + groups.Members[pairs[p].B].Length)
            .ToArray();
        int[] trainRows = train.ToArray();
        Parallel.ForEach(
            schedule,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism },
            p =>
            {
                var problem = BinaryProblem.Build(kernel, trainRows, groups.Members[pairs[p].A], groups.Members[pairs[p].B]);
                solutions[p] = options.Solver == SvmSolver.Fast
                    ? SolvePath(new SmoSolver<double>(problem, options.Tolerance, options.Shrinking, options.MaxIterations, interiorPoint: true), cs, order, warmStart)
                    : SolvePath(new SmoSolver<float>(problem, options.Tolerance, options.Shrinking, options.MaxIterations, interiorPoint: false), cs, order, warmStart);
            });

        var classOf = new int[labels.Length];
        for (int k = 0; k < groups.Count; k++)
            foreach (int position in groups.Members[k]) classOf[position] = k;

        var models = new SvmModel[cs.Count];
        for (int t = 0; t < order.Length; t++)
        {
            double c = cs[order[t]];
            var machines = new BinaryMachine[pairs.Count];
            for (int p = 0; p < pairs.Count; p++)
                machines[p] = ToMachine(groups, pairs[p].A, pairs[p].B, solutions[p][t], c);
            models[order[t]] = new SvmModel(c, groups.Classes, trainRows, classOf, machines);
        }
        return models;
    }

    static BinarySolution[] SolvePath<T>(SmoSolver<T> solver, IReadOnlyList<double> cs, int[] order, WarmStart warmStart)
        where T : unmanaged
    {
        var path = new BinarySolution[order.Length];
        for (int t = 0; t < order.Length; t++)
            path[t] = solver.Solve(cs[order[t]], t == 0 ? WarmStart.None : warmStart);
        return path;
    }

    static BinaryMachine ToMachine(ClassGrouping groups, int a, int b, BinarySolution solution, double c)
    {
        int[] membersA = groups.Members[a], membersB = groups.Members[b];
        var positions = new List<int>();
        var coefficients = new List<double>();
        int bounded = 0;
        for (int i = 0; i < solution.Alpha.Length; i++)
        {
            double alpha = solution.Alpha[i];
            if (!(Math.Abs(alpha) > 0)) continue;
            bool inA = i < membersA.Length;
            positions.Add(inA ? membersA[i] : membersB[i - membersA.Length]);
            coefficients.Add(inA ? alpha : -alpha);
            if (alpha >= c) bounded++;
        }
        return new BinaryMachine(
            groups.Classes[a], groups.Classes[b], positions.ToArray(), coefficients.ToArray(),
            solution.Rho, solution.Objective, solution.Iterations, bounded, solution.ReachedMaxIterations, solution.UsedInteriorPoint);
    }
}
