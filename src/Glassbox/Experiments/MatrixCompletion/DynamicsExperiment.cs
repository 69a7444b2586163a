using System.Diagnostics;
using Glassbox.MatrixCompletion;

namespace Glassbox.Experiments.MatrixCompletion;

/// <summary>Settings of the singular-value dynamics experiment (the paper's incremental-learning plots and its law for dσ_r/dt).</summary>
public sealed record DynamicsOptions(
    int Depth,
    int N = 100,
    int Rank = 5,
    int Observations = 2000,
    long Seed = 1,
    double InitScale = 1e-3,
    double Step = 0.5,
    long MaxIterations = 100_000,
    double LossThreshold = 1e-6,
    int Tracked = 5,
    int TracePerDecade = 40,
    int ChecksPerDecade = 6);

/// <summary>The law checked at one iteration t for singular value r: the central difference (σ(t+1) − σ(t−1))/(2η) against the law at t.</summary>
public sealed record DynamicsCheck(long Iteration, int Index, double Sigma, double Predicted, double Measured, double RelativeError);

/// <summary>σ_1…σ_R along the run.</summary>
public sealed record DynamicsPoint(long Iteration, double Loss, double[] Sigma);

public sealed record DynamicsResult(DynamicsOptions Options, long Iterations, bool Converged, double FinalLoss, double ReconstructionError,
    IReadOnlyList<DynamicsPoint> Trace, IReadOnlyList<DynamicsCheck> Checks, double MedianRelativeError, double MaxRelativeError,
    int CheckedValues, double Seconds);

/// <summary>
/// Gradient descent with a fixed small step from the balanced start s^{1/N}·I, which approximates
/// gradient flow (time = η·iterations). Records the top singular values of W along the run, and at
/// log-spaced iterations compares their measured rate of change with the law of
/// <see cref="SingularValueLaw"/>. Values whose predicted rate is below 1e-3 of the fastest one at that
/// iteration are left out of the error statistics (they barely move; their relative error is noise).
/// </summary>
public static class DynamicsExperiment
{
    public static DynamicsResult Run(DynamicsOptions options, IProgress<DynamicsPoint>? progress = null, CancellationToken cancel = default)
    {
        CompletionProblem problem = LowRankProblem.Generate(options.N, options.Rank, options.Observations, options.Seed);
        using var model = DeepFactorization.Initialize(problem.Train, options.Depth, FactorInit.Balanced, options.InitScale, options.Seed);
        var trace = new List<DynamicsPoint>();
        var checks = new List<DynamicsCheck>();
        var traceSchedule = new LogSchedule(options.TracePerDecade);
        var checkAt = CheckIterations(options).ToHashSet();
        var clock = Stopwatch.StartNew();
        double[]? before = null;
        (double[] Sigma, double[] Rate)? atCheck = null;
        long t = 0;
        double loss;
        for (; ; t++)
        {
            loss = model.ComputeGradients();
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"The dynamics run diverged at iteration {t}; use a smaller step than {options.Step}.");
            bool stop = loss <= options.LossThreshold || t >= options.MaxIterations;
            if (checkAt.Contains(t + 1)) before = SingularValueLaw.Evaluate(model, options.Tracked).Sigma;
            if (checkAt.Contains(t)) atCheck = SingularValueLaw.Evaluate(model, options.Tracked);
            if (checkAt.Contains(t - 1) && before is not null && atCheck is { } c)
            {
                double[] after = SingularValueLaw.Evaluate(model, options.Tracked).Sigma;
                double fastest = c.Rate.Max(Math.Abs);
                for (int r = 0; r < c.Sigma.Length; r++)
                {
                    double measured = (after[r] - before[r]) / (2 * options.Step);
                    double error = Math.Abs(measured - c.Rate[r]) / Math.Abs(c.Rate[r]);
                    if (Math.Abs(c.Rate[r]) >= 1e-3 * fastest)
                        checks.Add(new DynamicsCheck(t - 1, r + 1, c.Sigma[r], c.Rate[r], measured, error));
                }
                before = null;
                atCheck = null;
            }
            if (traceSchedule.Contains(t) || stop)
            {
                var point = new DynamicsPoint(t, loss, SingularValueLaw.Evaluate(model, options.Tracked).Sigma);
                trace.Add(point);
                progress?.Report(point);
            }
            if (stop) break;
            cancel.ThrowIfCancellationRequested();
            model.Update(options.Step);
        }
        using var w = model.Product();
        double reconstruction = problem.ReconstructionError(w.contiguous().data<double>().ToArray());
        double[] errors = checks.Select(c => c.RelativeError).Order().ToArray();
        return new DynamicsResult(options, t, loss <= options.LossThreshold, loss, reconstruction, trace, checks,
            errors.Length == 0 ? double.NaN : errors[errors.Length / 2], errors.Length == 0 ? double.NaN : errors[^1],
            errors.Length, clock.Elapsed.TotalSeconds);
    }

    // Log-spaced, at least 3 apart so the three SVDs of one check never overlap another's.
    static IEnumerable<long> CheckIterations(DynamicsOptions options)
    {
        long last = -10;
        for (int i = 0; ; i++)
        {
            long t = (long)Math.Round(Math.Pow(10, (double)i / options.ChecksPerDecade));
            if (t >= options.MaxIterations) yield break;
            if (t - last < 3) continue;
            last = t;
            yield return t;
        }
    }
}
