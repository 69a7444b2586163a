using static System.FormattableString;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Data;
using Glassbox.Experiments.MatrixCompletion;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Tour.Chapters;

/// <summary>
/// Deep matrix factorization (Arora, Cohen, Hu, Luo, NeurIPS 2019): gradient descent on W = W_N⋯W_1 against nuclear-norm
/// minimisation on the paper's synthetic problem (100×100, rank 5), the error as observed entries vary, and the
/// singular-value dynamics (learned one at a time, at the rate the paper's theorem gives).
/// </summary>
public sealed class DeepMatrixFactorizationChapter : ITourChapter
{
    public const int TableEntries = 2000;

    /// <summary>Error at which a completion counts as recovered in the sweep's claim.</summary>
    public const double Recovered = 1e-2;

    /// <summary>The authors' reconstruction errors at 2000 entries: nuclear norm, depth 2, depth 3 (Arora, Cohen, Hu, Luo, NeurIPS 2019).</summary>
    public static readonly (double Nuclear, double Depth2, double Depth3) Paper = (1.06e-1, 5.92e-2, 2.58e-5);

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public const string DepthQuote =
        "you see the like on the left you see depth 2 which is like nucleon minimization depth 3 is in this case a lot better";

    public const string FewerEntriesQuote =
        "empirically this solves matrix completion better that is with fewer revealed entries than nuclear non-minimization";

    public const string OneAtATimeQuote =
        "the interpretation is that the gradient descent is building up the matrix one single vector at a time not all at once";

    public IReadOnlyList<string> Quotes => [DepthQuote, FewerEntriesQuote, OneAtATimeQuote];

    public string Id => "deep-matrix-factorization";

    public string Fingerprint(TourSize size)
    {
        Plan p = For(size);
        return $"{Id}/v2/table{TableEntries}:{string.Join(',', p.TableDepths)}x{p.TableSeeds}/sweep{string.Join(',', p.SweepEntries)}:" +
               $"{string.Join(',', p.SweepDepths)}x{p.SweepSeeds}/dynamics{string.Join(',', p.DynamicsDepths)}";
    }

    public string Title => "Deep matrix factorization: gradient descent completes matrices with fewer entries than the nuclear norm";

    // Measured on the 2-core machine (one thread): quick ≈ 70 s; full: 74 jobs ≈ 1,040 s of compute (≈ 15 min with a busy machine).
    public TimeSpan Estimate(TourSize size) => TimeSpan.FromSeconds(size == TourSize.Quick ? 70 : 1000);

    sealed record Plan(int[] TableDepths, int TableSeeds, int[] SweepEntries, int[] SweepDepths, int SweepSeeds, int[] DynamicsDepths);

    static Plan For(TourSize size) => size == TourSize.Full
        ? new Plan([2, 3, 4], 5, [1000, 1500, 2000, 2500, 3000, 4000, 5000], [2, 3], 3, [1, 2, 3])
        : new Plan([2, 3], 1, [1500, 2000, 2500], [3], 1, [1, 2, 3]);

    public ChapterSection Run(TourContext context)
    {
        Plan plan = For(context.Size);
        int threads = TorchSharp.torch.get_num_threads();
        Backend.TorchBackend.SetThreads(1); // 100×100 products are too small to share between threads
        try
        {
            return Run(context, plan);
        }
        finally
        {
            Backend.TorchBackend.SetThreads(threads);
        }
    }

    ChapterSection Run(TourContext context, Plan plan)
    {
        var table = (from seed in Seeds(plan.TableSeeds) from depth in Methods(plan.TableDepths) select Spec(TableEntries, seed, depth)).ToList();
        var sweep = (from k in plan.SweepEntries from seed in Seeds(plan.SweepSeeds) from depth in Methods(plan.SweepDepths) select Spec(k, seed, depth)).ToList();
        var jobs = table.Concat(sweep).DistinctBy(j => j.Key).ToList();

        var run = new CompletionRun(jobs, context.File("results.jsonl"), context.DataRoot);
        IReadOnlyList<CompletionResult> results = run.Execute(new InlineProgress<CompletionProgress>(p =>
        {
            if (p.Iteration is null) context.Progress.Report(new TourStep($"completion · {p.Job.Method} · k = {p.Job.Observations}", p.Done, p.Total, "jobs"));
        }), context.Cancel);
        var keys = table.Select(j => j.Key).ToHashSet();
        var tableResults = results.Where(r => keys.Contains(r.Key)).ToList();
        var sweepKeys = sweep.Select(j => j.Key).ToHashSet();
        var sweepResults = results.Where(r => sweepKeys.Contains(r.Key)).ToList();
        string sweepPlot = context.File("sweep.png");
        CompletionReport.PlotSweep(sweepResults, "Completion error vs observed entries (100×100, rank 5): depth N vs nuclear norm", sweepPlot);

        var dynamics = new List<DynamicsResult>();
        var plots = new List<string> { context.Link(sweepPlot) };
        foreach (int depth in plan.DynamicsDepths)
        {
            context.Progress.Report(new TourStep($"singular-value dynamics · depth {depth}", dynamics.Count, plan.DynamicsDepths.Length, "depths"));
            DynamicsResult result = Dynamics(context, new DynamicsOptions(depth));
            string png = context.File($"dynamics-depth{depth}.png");
            DynamicsReport.Plot(result, png);
            plots.Add(context.Link(png));
            dynamics.Add(result);
        }

        string out_ = context.Link(context.Folder);
        var claims = new List<TourClaim>
        {
            TableClaim(tableResults, tableResults.Sum(r => r.Seconds), context, plan),
            SweepClaim(sweepResults, sweepResults.Sum(r => r.Seconds), context, plan),
            DynamicsClaim(dynamics, dynamics.Sum(d => d.Seconds), context),
        };

        var md = new StringBuilder();
        md.AppendLine("The unknown matrix is W* = U Vᵀ, 100×100 of rank 5 (Gaussian factors, ‖W*‖_F = 100), seen on k random entries. Gradient descent " +
            "fits W = W_N⋯W_1 (every factor 100×100, no regulariser) from a small Gaussian start (‖W(0)‖_F ≈ 10⁻³·√n) with the authors' normalised " +
            "step until the training loss is ≤ 10⁻⁶; the nuclear norm is minimised subject to |X_ij − M_ij| ≤ 10⁻³ on the observed entries (ADMM, " +
            "stopped on a measured duality gap ≤ 10⁻⁴). Error: mean of (W − W*)² over all entries.");
        md.AppendLine();
        md.AppendLine($"**{TableEntries} observed entries** ({plan.TableSeeds} seed{(plan.TableSeeds > 1 ? "s" : "")}):");
        md.AppendLine();
        md.Append(CompletionReport.Table(tableResults));
        md.AppendLine();
        md.AppendLine(Invariant($"Paper (Arora, Cohen, Hu, Luo, NeurIPS 2019, the 2000-entry experiment): nuclear norm {Paper.Nuclear:0.00e+00}, depth 2 {Paper.Depth2:0.00e+00}, depth 3 {Paper.Depth3:0.00e+00}."));
        md.AppendLine();
        md.AppendLine($"**Error against observed entries** (mean over seeds, dots: single seeds):");
        md.AppendLine();
        md.Append(CompletionReport.Table(sweepResults));
        md.AppendLine();
        md.AppendLine($"![error against observed entries]({context.Link(sweepPlot)})");
        md.AppendLine();
        md.AppendLine("**Singular-value dynamics** (fixed step η = 0.5 from the balanced start 10⁻³·I, 2000 entries). The paper's theorem: " +
            "dσ_r/dt = −N (σ_r²)^{1−1/N} ⟨∇ℓ(W), u_r v_rᵀ⟩, checked against central differences of the measured σ_r; *lag* is how far σ₅ has " +
            "grown (as a share of its final value) when σ₁ first reaches half of its own: about ½ when all grow together, near 0 when one at a time.");
        md.AppendLine();
        var dyn = new MarkdownTable("depth", "iterations", "median relative error of the law", "max relative error", "lag of σ₅", "seconds");
        foreach (DynamicsResult d in dynamics)
            dyn.Add($"{d.Options.Depth}", $"{d.Iterations}", E(d.MedianRelativeError), E(d.MaxRelativeError), Invariant($"{Lag(d):0.000}"), Invariant($"{d.Seconds:0.0}"));
        md.Append(dyn.ToString());
        md.AppendLine();
        foreach (string plot in plots.Skip(1)) md.AppendLine($"![singular values against iterations]({plot})").AppendLine();
        return new ChapterSection(Id, Title, context.Size, claims, md.ToString(), plots, 0);
    }

    static CompletionSpec Spec(int observations, long seed, int? depth) =>
        new("tour", CompletionData.LowRank, 100, 5, observations, seed, depth);

    static IEnumerable<long> Seeds(int count) => Enumerable.Range(1, count).Select(s => (long)s);

    static IEnumerable<int?> Methods(int[] depths) => depths.Select(d => (int?)d).Prepend(null);

    /// <summary>One depth's dynamics, read back when a finished run with the same options is in the folder.</summary>
    static DynamicsResult Dynamics(TourContext context, DynamicsOptions options)
    {
        string path = context.File($"dynamics-depth{options.Depth}.json");
        if (File.Exists(path))
        {
            DynamicsResult? saved = TourFiles.Read<DynamicsResult>(path, Json, "a finished dynamics run");
            if (saved is not null && saved.Options == options) return saved;
        }
        DynamicsResult result = DynamicsExperiment.Run(options, null, context.Cancel);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(result, Json));
        return result;
    }

    TourClaim TableClaim(IReadOnlyList<CompletionResult> results, double seconds, TourContext context, Plan plan)
    {
        double Mean(string method) => results.Where(r => r.Method == method).Average(CompletionReport.Error);
        double nuclear = Mean("nuclear"), d2 = Mean("depth-2"), d3 = Mean("depth-3");
        return new TourClaim(
            DepthQuote,
            Invariant($"reconstruction error at 2000 entries: nuclear norm {Paper.Nuclear:0.00e+00}, depth 2 {Paper.Depth2:0.00e+00}, depth 3 {Paper.Depth3:0.00e+00}"),
            "Arora, Cohen, Hu, Luo, NeurIPS 2019, 2000-entry experiment, as quoted in issue 4 (docs/results/matrix-completion.md)",
            Invariant($"nuclear norm {nuclear:0.00e+00}, depth 2 {d2:0.00e+00}, depth 3 {d3:0.00e+00} (mean of {plan.TableSeeds} seed{(plan.TableSeeds > 1 ? "s" : "")})"),
            VerdictRules.AllOf(d3 < nuclear / 10, d3 < d2 / 10),
            "reproduced when depth 3's error is below a tenth of both the nuclear norm's and depth 2's; partly when below one of them",
            seconds, $"{context.Launcher} complete sweep --observations {TableEntries} --depths {string.Join(',', plan.TableDepths)} --seeds {plan.TableSeeds} --out {context.RerunFolder("completion-table")}",
            context.Size == TourSize.Quick ? "1 seed instead of 5, no depth 4" : null);
    }

    TourClaim SweepClaim(IReadOnlyList<CompletionResult> results, double seconds, TourContext context, Plan plan)
    {
        int? Fewest(string method) => results.Where(r => r.Method == method).GroupBy(r => r.Observations)
            .Where(g => g.Average(CompletionReport.Error) <= Recovered).Select(g => (int?)g.Key).Min();
        int? nuclear = Fewest("nuclear"), deep = Fewest("depth-3");
        string Text(int? k) => k is int v ? $"{v} entries" : $"none of {string.Join(", ", plan.SweepEntries)}";
        bool fewer = deep is int d && (nuclear is null || d < nuclear);
        return new TourClaim(
            FewerEntriesQuote,
            "depth ≥ 3 recovers the matrix from fewer observed entries than nuclear-norm minimisation",
            "Arora, Cohen, Hu, Luo, NeurIPS 2019 (error against observed entries)",
            Invariant($"mean error ≤ {Recovered:g} first reached by depth 3 at {Text(deep)}, by the nuclear norm at {Text(nuclear)}"),
            fewer ? Verdict.Reproduced : deep == nuclear && deep is not null ? Verdict.Partly : Verdict.NotReproduced,
            Invariant($"reproduced when depth 3 reaches mean error ≤ {Recovered:g} at fewer observed entries than the nuclear norm; partly at the same number"),
            seconds, $"{context.Launcher} complete sweep --observations {string.Join(',', plan.SweepEntries)} --depths {string.Join(',', plan.SweepDepths)} --seeds {plan.SweepSeeds} --out {context.RerunFolder("completion-sweep")}",
            context.Size == TourSize.Quick ? "3 values of k (1500–2500) instead of 7 (1000–5000), 1 seed instead of 3, depth 3 only" : null);
    }

    TourClaim DynamicsClaim(IReadOnlyList<DynamicsResult> results, double seconds, TourContext context)
    {
        DynamicsResult shallow = results.First(r => r.Options.Depth == 1), deep = results.Last();
        double worst = results.Max(r => r.MedianRelativeError);
        return new TourClaim(
            OneAtATimeQuote,
            "singular values move at dσ_r/dt = −N (σ_r²)^{1−1/N} ⟨∇ℓ, u_r v_rᵀ⟩ and, for depth ≥ 2, are learned one at a time",
            "Arora, Cohen, Hu, Luo, NeurIPS 2019 (theorem on the singular values; incremental-learning plots)",
            Invariant($"when σ₁ is half grown, σ₅ has grown {100 * Lag(deep):0.0}% of its final value at depth {deep.Options.Depth}, {100 * Lag(shallow):0.0}% at depth 1; the law's median relative error ≤ {worst:0.0e+00} at every depth"),
            VerdictRules.AllOf(Lag(deep) < 0.1, Lag(shallow) > 0.3, worst < 1e-2),
            "reproduced when, as σ₁ reaches half its final value, σ₅ is below 10% of its own at the largest depth and above 30% at depth 1, and the law's median relative error is below 1e-2 at every depth; partly when some of these hold",
            seconds, $"{context.Launcher} complete dynamics --depths {string.Join(',', results.Select(r => r.Options.Depth))} --out {context.RerunFolder("completion-dynamics")}");
    }

    /// <summary>σ_R / σ_R(final) at the first recorded iteration where σ₁ ≥ σ₁(final)/2: ½ when all grow together, near 0 when one at a time.</summary>
    public static double Lag(DynamicsResult result)
    {
        double[] final = result.Trace[^1].Sigma;
        int last = final.Length - 1;
        DynamicsPoint half = result.Trace.First(p => p.Sigma[0] >= 0.5 * final[0]);
        return half.Sigma[last] / final[last];
    }

    static string E(double x) => x.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
