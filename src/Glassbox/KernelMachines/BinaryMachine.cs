namespace Glassbox.KernelMachines;

/// <summary>
/// One one-vs-one machine of a C-SVM: class <see cref="ClassA"/> (y = +1) against
/// <see cref="ClassB"/> (y = −1), ClassA &lt; ClassB. Its decision value on x is
/// Σₛ Coefficients[s]·K(x, x_SupportPositions[s]) − Rho; positive votes for ClassA.
/// </summary>
/// <param name="ClassA">The smaller label.</param>
/// <param name="ClassB">The larger label.</param>
/// <param name="SupportPositions">Positions in the training arrays with αᵢ &gt; 0: class A's, then class B's, each ascending.</param>
/// <param name="Coefficients">yᵢαᵢ for each support position (LIBSVM's <c>sv_coef</c> of this pair).</param>
/// <param name="Rho">LIBSVM's ρ (the intercept is −ρ).</param>
/// <param name="Objective">The dual objective ½αᵀQα − eᵀα at the solution.</param>
/// <param name="Iterations">SMO iterations (scikit-learn's <c>n_iter_</c> entry for this pair).</param>
/// <param name="BoundedCount">Support vectors with αᵢ = C.</param>
/// <param name="ReachedMaxIterations">True when the solve stopped at the iteration limit, not at the tolerance.</param>
/// <param name="UsedInteriorPoint">True when the <see cref="SvmSolver.Fast"/> solver handed this problem to its interior-point method.</param>
public sealed record BinaryMachine(
    int ClassA,
    int ClassB,
    IReadOnlyList<int> SupportPositions,
    IReadOnlyList<double> Coefficients,
    double Rho,
    double Objective,
    long Iterations,
    int BoundedCount,
    bool ReachedMaxIterations,
    bool UsedInteriorPoint);
