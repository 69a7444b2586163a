namespace Glassbox.Experiments.MatrixCompletion;

/// <summary>
/// One finished completion job. Errors are means of squared differences: reconstruction over all
/// entries against the ground truth (synthetic data), test over held-out entries (MovieLens); null
/// where the problem has none. Iterations and step settings are null for the nuclear norm; its
/// optimality evidence (relative duality gap, constraint violation) is null for gradient descent.
/// <see cref="BestTestError"/> is the lowest held-out error on the run's logged iterations: it looks at
/// the held-out entries, so it is a diagnostic of where early stopping would have helped, not a result.
/// <see cref="Trajectory"/> (log-spaced records of a gradient-descent run) is kept only when asked for.
/// </summary>
public sealed record CompletionResult(
    string Key,
    string Experiment,
    string Problem,
    int Rows,
    int Cols,
    int? Rank,
    int Observations,
    long Seed,
    string Method,
    int? Depth,
    double? InitScale,
    double? Step,
    string? StepRule,
    long? Iterations,
    bool Converged,
    double TrainLoss,
    double? ReconstructionError,
    double? TestError,
    double EffectiveRank,
    double NuclearNorm,
    double? RelativeGap,
    double? MaxViolation,
    double[] TopSingularValues,
    double Seconds,
    double? BestTestError = null,
    long? BestTestIteration = null,
    IReadOnlyList<Glassbox.MatrixCompletion.FactorizationRecord>? Trajectory = null);
