using System.Globalization;
using Glassbox.Kernels;
using Glassbox.Experiments.Tour;
using Glassbox.Reporting;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>Widths, nets per width (seeds 1 .. Seeds), gradient-descent steps (0: only the kernel at initialisation) and η·λ_max.</summary>
public sealed record WidenPlan(IReadOnlyList<int> Widths, int Seeds, int Steps, double StepSize = 0.5)
{
    /// <summary>The nets are compared after 1%, 10% and 100% of the steps.</summary>
    public int[] Checkpoints => new[] { Steps / 100, Steps / 10, Steps }.Where(s => s >= 1).Distinct().ToArray();
}

/// <summary>What a run of experiment c produced (only the plan's widths and seeds), η, and how many nets were reused from the folder.</summary>
public sealed record WidenOutcome(IReadOnlyList<WidenRow> AtInit, IReadOnlyList<TrainedRow> Trained, double Eta, int ReusedAtInit, int ReusedTrained);

/// <summary>
/// Experiment c of issue 14 on one <see cref="WidenProblem"/>: (i) the tangent kernel at initialisation of every (width, seed) and,
/// when the plan has steps, (ii)–(iii) the same nets trained against the kernel's predictions. Resumable: each finished net is
/// appended to <c>results.jsonl</c> (i) or <c>trained.jsonl</c> (ii) in the folder; rows computed with other settings are refused.
/// </summary>
public static class WidenExperiment
{
    public static WidenOutcome Run(WidenProblem problem, WidenPlan plan, string folder, IProgress<TourStep>? progress = null, CancellationToken cancel = default)
    {
        if (plan.Widths.Count < 2) throw new ArgumentException("a slope needs at least two widths");
        if (plan.Seeds < 1) throw new ArgumentOutOfRangeException(nameof(plan), plan.Seeds, "at least one seed");
        if (!(plan.StepSize > 0 && plan.StepSize < 2)) throw new ArgumentOutOfRangeException(nameof(plan), plan.StepSize, "η·λ_max must be in (0, 2)");
        var initFile = new JsonLinesFile<WidenRow>(Path.Combine(folder, "results.jsonl"), "width result");
        List<WidenRow> atInit = Reusable(initFile, r => r.Settings, problem.InitSettings);
        var initTodo = Pending(plan, (w, s) => atInit.Any(r => r.Width == w && r.Seed == s));
        int reusedInit = plan.Widths.Count * plan.Seeds - initTodo.Count;
        for (int k = 0; k < initTodo.Count; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var (w, s) = initTodo[k];
            progress?.Report(new TourStep($"Θ at init: width {w}, seed {s}", k, initTodo.Count, "nets"));
            atInit.Add(KernelAtInit.Measure(problem, w, s));
            initFile.Save(atInit);
        }
        atInit = atInit.Where(r => plan.Widths.Contains(r.Width) && r.Seed <= plan.Seeds).ToList();
        if (plan.Steps == 0) return new WidenOutcome(atInit, [], 0, reusedInit, 0);

        KernelDynamics dynamics = problem.Dynamics();
        double eta = plan.StepSize / dynamics.LargestEigenvalue;
        string settings = TrainedSettings(problem, plan);
        var trainedFile = new JsonLinesFile<TrainedRow>(Path.Combine(folder, "trained.jsonl"), "trained-net result");
        List<TrainedRow> trained = Reusable(trainedFile, r => r.Settings, settings);
        var trainTodo = Pending(plan, (w, s) => trained.Any(r => r.Width == w && r.Seed == s));
        int reusedTrained = plan.Widths.Count * plan.Seeds - trainTodo.Count;
        for (int k = 0; k < trainTodo.Count; k++)
        {
            var (w, s) = trainTodo[k];
            using var scope = NewDisposeScope();
            using var net = problem.BuildNet(w);
            EmpiricalNtk.StandardNormalInit(net, s);
            int before = k * plan.Steps;
            trained.AddRange(TrainedVsKernel.Run(net, problem.TrainInputs, problem.TestInputs, problem.Targets, problem.TestLabels, dynamics, eta,
                plan.Checkpoints, (problem.Arch, settings, w, s),
                new InlineProgress<int>(done => progress?.Report(new TourStep($"training: width {w}, seed {s}", before + done, trainTodo.Count * (double)plan.Steps, "steps"))),
                cancel));
            trainedFile.Save(trained);
        }
        trained = trained.Where(r => plan.Widths.Contains(r.Width) && r.Seed <= plan.Seeds).ToList();
        return new WidenOutcome(atInit, trained, eta, reusedInit, reusedTrained);
    }

    /// <summary>Everything besides width and seed that changes a trained net's row.</summary>
    public static string TrainedSettings(WidenProblem problem, WidenPlan plan) => string.Create(CultureInfo.InvariantCulture,
        $"{problem.Description}; {problem.TestCount} test inputs; {plan.Steps} steps; η = {plan.StepSize:R}/λ_max; compared with f_k (v2)");

    /// <summary>The Markdown summary of a run: both tables, the slopes, and what each column means.</summary>
    /// <param name="heading">The Markdown heading of its two parts ("##" in a file of its own, deeper inside a report).</param>
    public static string Summary(WidenProblem problem, WidenPlan plan, WidenOutcome outcome, string heading = "##")
    {
        var inv = CultureInfo.InvariantCulture;
        string md = $"Data: {problem.Description}.\n\n{heading} (i) Tangent kernel at initialisation\n\n"
            + WidenReport.Table(outcome.AtInit)
            + string.Create(inv, $"\nSlope of log(mean error) against log(width): {KernelAtInit.Slope(outcome.AtInit):0.000} (theory: −0.5).\n");
        if (outcome.Trained.Count == 0) return md;
        return md + string.Create(inv,
                $"\n{heading} (ii)–(iii) Trained by full-batch gradient descent ({plan.Steps} steps, η = {plan.StepSize:R}/λ_max = {outcome.Eta:g4}, t = η·step = {outcome.Eta * plan.Steps:g4})\n\n")
            + "g: the centred net's test outputs; f_k = Θ(x,X)Θ⁻¹(I − (I − ηΘ)^k)Y the exact kernel's after the same k steps (the "
            + "linearised net, exactly); f_t = Θ(x,X)Θ⁻¹(I − e^{−Θt})Y gradient flow at t = ηk (differs from f_k where ηλ is not small, "
            + "i.e. early); f_∞ kernel regression.\n\n"
            + WidenReport.TrainedTable(outcome.Trained) + "\nMean ‖g − f_k‖/‖f_k‖ by step:\n\n" + WidenReport.TrajectoryTable(outcome.Trained)
            + string.Create(inv, $"\nSlope of log(mean ‖g − f_k‖/‖f_k‖) at the last step against log(width): {TrainedSlope(outcome, plan):0.000} (theory: −0.5).\n");
    }

    /// <summary>Log–log slope of the trained nets' mean distance to f_k at the last step against width.</summary>
    public static double TrainedSlope(WidenOutcome outcome, WidenPlan plan) =>
        KernelAtInit.Slope(outcome.Trained.Where(r => r.Step == plan.Steps).Select(r => (r.Width, r.ToKernel)));

    static List<T> Reusable<T>(JsonLinesFile<T> file, Func<T, string> settingsOf, string settings) where T : class
    {
        List<T> rows = file.Load();
        string? other = rows.Select(settingsOf).FirstOrDefault(s => s != settings);
        if (other is not null)
            throw new InvalidDataException($"{file.Path} holds results computed with other settings (saved: {other}; now: {settings}); choose another --out or delete it");
        return rows;
    }

    static List<(int Width, long Seed)> Pending(WidenPlan plan, Func<int, long, bool> done) =>
        plan.Widths.SelectMany(w => Enumerable.Range(1, plan.Seeds).Select(s => (w, (long)s))).Where(c => !done(c.w, c.Item2)).ToList();
}
