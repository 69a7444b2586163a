using System.Globalization;
using Glassbox.Data;
using Glassbox.MatrixCompletion;

namespace Glassbox.Experiments.MatrixCompletion;

/// <summary>Which matrix a completion job fits.</summary>
public enum CompletionData
{
    /// <summary><see cref="LowRankProblem"/>: n×n, rank r, k entries, seeded.</summary>
    LowRank,

    /// <summary>MovieLens 100K, the standard u1.base / u1.test split.</summary>
    MovieLensU1,

    /// <summary>MovieLens 100K, u.data with a seeded random share held out.</summary>
    MovieLensRandom,
}

/// <summary>
/// One matrix-completion job: a problem, a method (deep factorization of a depth, or the nuclear
/// norm when <see cref="Depth"/> is null) and its settings. <see cref="Key"/> names it in a results file.
/// </summary>
public sealed record CompletionSpec(
    string Experiment,
    CompletionData Data,
    int N,
    int Rank,
    int Observations,
    long Seed,
    int? Depth,
    double InitScale = 1e-3,
    double Step = 1e-3,
    StepRule Rule = StepRule.Normalized,
    long MaxIterations = 1_000_000,
    double TestFraction = 0.2)
{
    public string Method => Depth is int d ? $"depth-{d}" : "nuclear";

    public string ProblemName => Data switch
    {
        CompletionData.LowRank => $"lowrank-n{N}-r{Rank}-k{Observations}-s{Seed}",
        CompletionData.MovieLensU1 => "ml-100k-u1",
        _ => string.Create(CultureInfo.InvariantCulture, $"ml-100k-random{TestFraction:R}-s{Seed}"),
    };

    /// <summary>
    /// Names every setting that changes the result, numbers in round-trip form and the invariant culture, so a resumed run
    /// never reuses a result computed with other settings (0.001 and 0.0010004 are different keys).
    /// </summary>
    public string Key => Depth is null
        ? $"{Experiment}/{ProblemName}/{Method}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Experiment}/{ProblemName}/{Method}/init{InitScale:R}/{Rule.ToString().ToLowerInvariant()}{Step:R}/max{MaxIterations}");

    /// <summary>The problem this job fits; MovieLens is read from <paramref name="dataRoot"/>.</summary>
    public CompletionProblem BuildProblem(string dataRoot) => Data switch
    {
        CompletionData.LowRank => LowRankProblem.Generate(N, Rank, Observations, Seed),
        CompletionData.MovieLensU1 => MovieLensProblem.Standard(DataPaths.MovieLens100K(dataRoot)),
        _ => MovieLensProblem.RandomSplit(DataPaths.MovieLens100K(dataRoot), TestFraction, (int)Seed),
    };
}
