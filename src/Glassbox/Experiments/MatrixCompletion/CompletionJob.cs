using Glassbox.MatrixCompletion;
using TorchSharp;

namespace Glassbox.Experiments.MatrixCompletion;

/// <summary>Runs one <see cref="CompletionSpec"/> and measures it.</summary>
public static class CompletionJob
{
    public const int TopSingularValues = 10;

    public static CompletionResult Run(CompletionSpec spec, string dataRoot,
        IProgress<FactorizationRecord>? progress = null, CancellationToken cancel = default, bool keepTrajectory = false)
    {
        CompletionProblem problem = spec.BuildProblem(dataRoot);
        int? rank = spec.Data == CompletionData.LowRank ? spec.Rank : null;
        if (spec.Depth is not int depth)
        {
            NuclearNormResult nuclear = NuclearNormSolver.Solve(problem.Train, new NuclearNormOptions(), null, cancel);
            double[] singular;
            using (var x = torch.tensor(nuclear.X.Data, torch.float64).view(problem.Rows, problem.Cols))
                singular = Spectrum.SingularValues(x);
            return new CompletionResult(spec.Key, spec.Experiment, spec.ProblemName, problem.Rows, problem.Cols, rank,
                problem.Train.Count, spec.Seed, spec.Method, null, null, null, null, nuclear.Iterations, nuclear.Converged,
                problem.Train.MeanSquaredError(nuclear.X.Data), Finite(problem.ReconstructionError(nuclear.X.Data)),
                Finite(problem.TestError(nuclear.X.Data)), Spectrum.EffectiveRank(singular), singular.Sum(),
                nuclear.RelativeGap, nuclear.MaxViolation, singular.Take(TopSingularValues).ToArray(), nuclear.Seconds);
        }

        var options = new DeepFactorizationOptions(Depth: depth, InitScale: spec.InitScale, Step: spec.Step, Rule: spec.Rule,
            MaxIterations: spec.MaxIterations, Seed: spec.Seed, TopSingularValues: int.MaxValue);
        DeepFactorizationResult fit = DeepFactorizationTrainer.Fit(problem, options, progress, cancel);
        FactorizationRecord final = fit.Final;
        FactorizationRecord? best = fit.Trajectory.Where(r => double.IsFinite(r.TestError)).MinBy(r => r.TestError);
        return new CompletionResult(spec.Key, spec.Experiment, spec.ProblemName, problem.Rows, problem.Cols, rank,
            problem.Train.Count, spec.Seed, spec.Method, depth, spec.InitScale, spec.Step, spec.Rule.ToString().ToLowerInvariant(),
            fit.Iterations, fit.Converged, final.TrainLoss, Finite(final.ReconstructionError), Finite(final.TestError),
            final.EffectiveRank, final.SingularValues.Sum(), null, null, final.SingularValues.Take(TopSingularValues).ToArray(), fit.Seconds,
            best?.TestError, best?.Iteration, keepTrajectory ? fit.Trajectory : null);
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
