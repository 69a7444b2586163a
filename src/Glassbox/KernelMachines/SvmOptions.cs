namespace Glassbox.KernelMachines;

/// <summary>
/// Hyper-parameters of the C-SVM on a precomputed kernel. The defaults are scikit-learn's
/// <c>SVC(kernel="precomputed")</c>: C = 1, tol = 1e-3, shrinking on, no iteration limit.
/// </summary>
/// <param name="C">Box constraint, 0 &lt; α ≤ C (the same C for every class: no class weights).</param>
/// <param name="Tolerance">LIBSVM's eps: stop when m(α) − M(α) &lt; Tolerance.</param>
/// <param name="Shrinking">LIBSVM's shrinking heuristic (changes the path, not the stopping rule).</param>
/// <param name="MaxIterations">Iterations per binary problem before giving up; null for no limit (LIBSVM's −1).</param>
/// <param name="MaxDegreeOfParallelism">One-vs-one pairs solved at once; 0 means one per core.</param>
/// <param name="Solver">
/// <see cref="SvmSolver.Libsvm"/> (the default) reproduces scikit-learn's solution to the last bit;
/// <see cref="SvmSolver.Fast"/> meets the same stopping rule by a faster path.
/// </param>
public sealed record SvmOptions(
    double C = 1.0,
    double Tolerance = 1e-3,
    bool Shrinking = true,
    long? MaxIterations = null,
    int MaxDegreeOfParallelism = 0,
    SvmSolver Solver = SvmSolver.Libsvm)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!(C > 0) || !double.IsFinite(C))
            throw new ArgumentException($"C must be a positive finite number, got {C}.", nameof(C));
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            throw new ArgumentException($"Tolerance must be a positive finite number, got {Tolerance}.", nameof(Tolerance));
        if (MaxIterations is <= 0)
            throw new ArgumentException($"MaxIterations must be positive or null, got {MaxIterations}.", nameof(MaxIterations));
        if (!Enum.IsDefined(Solver))
            throw new ArgumentException($"Unknown solver {Solver}.", nameof(Solver));
        if (MaxDegreeOfParallelism < 0)
            throw new ArgumentException($"MaxDegreeOfParallelism must be ≥ 0, got {MaxDegreeOfParallelism}.", nameof(MaxDegreeOfParallelism));
    }

    internal int Parallelism => MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
}
