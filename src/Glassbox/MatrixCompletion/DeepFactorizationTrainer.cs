using System.Diagnostics;
using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// Plain (full-batch) gradient descent on a <see cref="DeepFactorization"/>, no regulariser, from a small
/// initialisation, until the training loss is at most the threshold or the iteration limit is reached.
/// </summary>
public static class DeepFactorizationTrainer
{
    public static DeepFactorizationResult Fit(CompletionProblem problem, DeepFactorizationOptions options,
        IProgress<FactorizationRecord>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        using var model = DeepFactorization.Initialize(problem.Train, options.Depth, options.Init, options.InitScale, options.Seed);
        var schedule = new LogSchedule(options.RecordsPerDecade);
        var trajectory = new List<FactorizationRecord>();
        var clock = Stopwatch.StartNew();
        double meanSquare = 0, decayPower = 1;
        const double beta = DeepFactorizationOptions.NormalizedDecay;

        for (long t = 0; ; t++)
        {
            double loss = model.ComputeGradients();
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"Gradient descent diverged at iteration {t} (training loss {loss}); use a smaller step than {options.Step}.");

            double step = options.Step;
            if (options.Rule == StepRule.Normalized)
            {
                meanSquare = beta * meanSquare + (1 - beta) * model.GradientSquaredNorm();
                decayPower *= beta;
                step = options.Step / (Math.Sqrt(meanSquare / (1 - decayPower)) + DeepFactorizationOptions.NormalizedEpsilon);
            }

            bool converged = loss <= options.LossThreshold, stop = converged || t >= options.MaxIterations;
            if (schedule.Contains(t) || stop)
            {
                var record = Record(model, problem, t, loss, step, options.TopSingularValues, out Matrix? product, keep: stop);
                trajectory.Add(record);
                progress?.Report(record);
                if (stop)
                    return new DeepFactorizationResult(options, t, converged, record, trajectory, clock.Elapsed.TotalSeconds, product!);
            }
            cancel.ThrowIfCancellationRequested();
            model.Update(step);
        }
    }

    /// <summary>The metrics of the current end-to-end matrix (an SVD: call it on a schedule, not every step).</summary>
    public static FactorizationRecord Record(DeepFactorization model, CompletionProblem problem, long iteration, double loss,
        double step, int topSingularValues, out Matrix? product, bool keep = false)
    {
        using var w = model.Product();
        double[] values = w.contiguous().data<double>().ToArray();
        double[] singular = Spectrum.SingularValues(w);
        product = keep ? new Matrix(problem.Rows, problem.Cols, values) : null;
        return new FactorizationRecord(iteration, loss, problem.ReconstructionError(values), problem.TestError(values),
            Spectrum.EffectiveRank(singular), step, singular.Take(topSingularValues).ToArray());
    }
}
