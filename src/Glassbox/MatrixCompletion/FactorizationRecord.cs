namespace Glassbox.MatrixCompletion;

/// <summary>The state of a run at one iteration (before that iteration's step).</summary>
public sealed record FactorizationRecord(
    long Iteration,
    double TrainLoss,
    double ReconstructionError,
    double TestError,
    double EffectiveRank,
    double StepSize,
    double[] SingularValues);

/// <summary>How a gradient-descent run ended and what it produced.</summary>
public sealed record DeepFactorizationResult(
    DeepFactorizationOptions Options,
    long Iterations,
    bool Converged,
    FactorizationRecord Final,
    IReadOnlyList<FactorizationRecord> Trajectory,
    double Seconds,
    Glassbox.Data.Matrix Product);
