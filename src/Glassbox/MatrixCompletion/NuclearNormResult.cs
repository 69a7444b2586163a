using Glassbox.Data;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// What <see cref="NuclearNormSolver"/> returns, with the measured evidence of optimality.
/// </summary>
/// <param name="X">The completed matrix; it satisfies the constraints (see <see cref="MaxViolation"/>).</param>
/// <param name="NuclearNorm">‖X‖_*, the sum of the singular values of <see cref="X"/>.</param>
/// <param name="DualBound">Σ_Ω (Y_ij M_ij − ε|Y_ij|) for a Y on Ω with ‖Y‖_2 ≤ 1: a lower bound on the optimum.</param>
/// <param name="RelativeGap">(NuclearNorm − DualBound) / max(1, NuclearNorm): X is this close to optimal. Relative when
/// ‖X‖_* ≥ 1; for ‖X‖_* &lt; 1 it is the absolute gap (so a tiny solution is not judged by a gap relative to almost nothing).</param>
/// <param name="MaxViolation">max over Ω of (|X_ij − M_ij| − ε)⁺; zero up to rounding.</param>
/// <param name="PrimalResidual">The ADMM residual ‖X − Z‖_F / max(1, ‖Z‖_F) at the last iteration.</param>
/// <param name="Iterations">ADMM iterations run.</param>
/// <param name="Converged">Whether both tolerances were met before <see cref="NuclearNormOptions.MaxIterations"/>.</param>
/// <param name="Seconds">Wall-clock time of the solve.</param>
public sealed record NuclearNormResult(
    Matrix X,
    double NuclearNorm,
    double DualBound,
    double RelativeGap,
    double MaxViolation,
    double PrimalResidual,
    int Iterations,
    bool Converged,
    double Seconds);
