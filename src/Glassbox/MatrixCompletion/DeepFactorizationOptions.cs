namespace Glassbox.MatrixCompletion;

/// <summary>How the factors start.</summary>
public enum FactorInit
{
    /// <summary>i.i.d. N(0, s²), s = scale^{1/N}·n^{-1/2}, so ‖W(0)‖_F ≈ scale·√n (the authors' default).</summary>
    Gaussian,

    /// <summary>Every factor scale^{1/N}·I (rectangular identity where needed): balanced, as the dynamics theory assumes.</summary>
    Balanced,
}

/// <summary>How the step size is chosen each iteration.</summary>
public enum StepRule
{
    /// <summary>η_t = η.</summary>
    Fixed,

    /// <summary>
    /// The authors' "GroupRMSprop": η_t = η / (√(m_t / (1 − β^t)) + ε), m_t = β m_{t−1} + (1 − β) Σ_j ‖∇_{W_j}‖²_F,
    /// β = 0.99, ε = 1e-4 — one running mean over all factors, so the step adapts as the loss shrinks by decades.
    /// </summary>
    Normalized,
}

/// <summary>Gradient descent on W = W_N ⋯ W_1 fitting observed entries (Arora, Cohen, Hu, Luo, NeurIPS 2019).</summary>
public sealed record DeepFactorizationOptions(
    int Depth = 3,
    double InitScale = 1e-3,
    FactorInit Init = FactorInit.Gaussian,
    double Step = 1e-3,
    StepRule Rule = StepRule.Normalized,
    long MaxIterations = 1_000_000,
    double LossThreshold = 1e-6,
    long Seed = 0,
    int RecordsPerDecade = 10,
    int TopSingularValues = 10)
{
    public const double NormalizedDecay = 0.99;
    public const double NormalizedEpsilon = 1e-4;

    public void Validate()
    {
        if (Depth < 1) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "The depth (number of factors) must be at least 1.");
        if (!(InitScale > 0) || !double.IsFinite(InitScale))
            throw new ArgumentOutOfRangeException(nameof(InitScale), InitScale, "The initialisation scale must be a positive number.");
        if (!(Step > 0) || !double.IsFinite(Step))
            throw new ArgumentOutOfRangeException(nameof(Step), Step, "The step size must be a positive number.");
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "The iteration limit must be >= 0.");
        if (!(LossThreshold >= 0)) throw new ArgumentOutOfRangeException(nameof(LossThreshold), LossThreshold, "The loss threshold must be >= 0.");
        if (RecordsPerDecade < 1) throw new ArgumentOutOfRangeException(nameof(RecordsPerDecade), RecordsPerDecade, "Record at least once per decade.");
        if (TopSingularValues < 0) throw new ArgumentOutOfRangeException(nameof(TopSingularValues), TopSingularValues, "Must be >= 0.");
    }
}
