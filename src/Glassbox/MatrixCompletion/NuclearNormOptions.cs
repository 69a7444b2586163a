namespace Glassbox.MatrixCompletion;

/// <summary>
/// Settings of <see cref="NuclearNormSolver"/>: minimise ‖X‖_* subject to |X_ij − M_ij| ≤ ε on the
/// observed entries. The default ε = 1e-3 is the one of Arora, Cohen, Hu and Luo (NeurIPS 2019).
/// </summary>
/// <param name="Epsilon">Half-width of the box around each observed value; 0 asks for equality.</param>
/// <param name="GapTolerance">Stop when (‖X‖_* − dual bound) / max(1, ‖X‖_*) is at most this.</param>
/// <param name="ResidualTolerance">…and the ADMM primal residual ‖X − Z‖_F / max(1, ‖Z‖_F) is at most this.</param>
/// <param name="MaxIterations">ADMM iterations (one SVD each) before giving up with <c>Converged = false</c>.</param>
public sealed record NuclearNormOptions(
    double Epsilon = 1e-3,
    double GapTolerance = 1e-4,
    double ResidualTolerance = 1e-6,
    int MaxIterations = 5000)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!(Epsilon >= 0) || !double.IsFinite(Epsilon))
            throw new ArgumentException($"Epsilon must be a finite number ≥ 0, got {Epsilon}.", nameof(Epsilon));
        if (!(GapTolerance > 0) || !double.IsFinite(GapTolerance))
            throw new ArgumentException($"GapTolerance must be a positive finite number, got {GapTolerance}.", nameof(GapTolerance));
        if (!(ResidualTolerance > 0) || !double.IsFinite(ResidualTolerance))
            throw new ArgumentException($"ResidualTolerance must be a positive finite number, got {ResidualTolerance}.", nameof(ResidualTolerance));
        if (MaxIterations < 1)
            throw new ArgumentException($"MaxIterations must be ≥ 1, got {MaxIterations}.", nameof(MaxIterations));
    }
}
