using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glassbox.Experiments;
using Glassbox.Experiments.MatrixCompletion;
using Glassbox.MatrixCompletion;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox complete`: matrix completion by deep factorization or the nuclear norm — one run, the
/// resumable sweep over observed entries × methods × seeds, and the singular-value dynamics.
/// </summary>
public static class CompleteVerb
{
    /// <summary>Options every completion command shares.</summary>
    sealed class ProblemOptions
    {
        public readonly Option<int> N = new("--n") { Description = "Matrix size n (n×n)", DefaultValueFactory = _ => 100 };
        public readonly Option<int> Rank = new("--rank") { Description = "Rank r of the ground truth", DefaultValueFactory = _ => 5 };
        public readonly Option<double> InitScale = new("--init-scale") { Description = "‖W(0)‖_F ≈ scale·√n (Gaussian factors)", DefaultValueFactory = _ => 1e-3 };
        public readonly Option<double> Step = new("--step") { Description = "Step size η (normalised rule: the authors' 1e-3)", DefaultValueFactory = _ => 1e-3 };
        public readonly Option<string> StepRule = new("--step-rule") { Description = "normalized (η / √(running mean of ‖∇‖²)) or fixed", DefaultValueFactory = _ => "normalized" };
        public readonly Option<long> MaxIter = new("--max-iter") { Description = "Iteration limit (stops earlier at training loss ≤ 1e-6)", DefaultValueFactory = _ => 1_000_000 };
        public readonly Option<string?> MovieLens = new("--movielens") { Description = "Fit MovieLens 100K instead: u1 (u1.base/u1.test) or random (20% of u.data held out, seeded)" };
        public readonly Option<string?> DataDir = DataOptions.DataDir();
        public readonly Option<int> Threads = ThreadsOption();

        public ProblemOptions() => StepRule.AcceptOnlyFromAmong("normalized", "fixed");

        public IEnumerable<Option> All => new Option[] { N, Rank, InitScale, Step, StepRule, MaxIter, MovieLens, DataDir, Threads };

        /// <summary>The data root, looked up only when MovieLens is asked for (synthetic problems need no data).</summary>
        public string Root(ParseResult p) => p.GetValue(MovieLens) is null ? "" : DataOptions.ResolveRoot(p.GetValue(DataDir));

        public CompletionSpec Spec(ParseResult p, string experiment, int observations, long seed, int? depth)
        {
            UseThreads(p.GetValue(Threads));
            int n = p.GetValue(N), rank = p.GetValue(Rank);
            string? movieLens = p.GetValue(MovieLens);
            if (movieLens is null)
            {
                if (n < 1) throw new UsageException($"--n must be ≥ 1, got {n}");
                if (rank < 1 || rank > n) throw new UsageException($"--rank must be between 1 and --n = {n}, got {rank}");
                if (observations < 1 || observations > (long)n * n)
                    throw new UsageException($"--observations must be between 1 and n² = {(long)n * n}, got {observations}");
            }
            else if (movieLens is not ("u1" or "random"))
                throw new UsageException($"--movielens must be u1 or random, got '{movieLens}'");
            if (depth is < 1) throw new UsageException($"--depth must be ≥ 1, got {depth}");
            double init = p.GetValue(InitScale), step = p.GetValue(Step);
            if (!(init > 0)) throw new UsageException($"--init-scale must be > 0, got {init}");
            if (!(step > 0)) throw new UsageException($"--step must be > 0, got {step}");
            long max = p.GetValue(MaxIter);
            if (max < 1) throw new UsageException($"--max-iter must be ≥ 1, got {max}");
            var data = movieLens switch { null => CompletionData.LowRank, "u1" => CompletionData.MovieLensU1, _ => CompletionData.MovieLensRandom };
            return new CompletionSpec(experiment, data, n, rank, movieLens is null ? observations : 0, seed, depth, init, step,
                p.GetValue(StepRule) == "fixed" ? Glassbox.MatrixCompletion.StepRule.Fixed : Glassbox.MatrixCompletion.StepRule.Normalized, max);
        }
    }

    public static Command Build(IAnsiConsole console)
    {
        var shared = new ProblemOptions();
        var observations = new Option<int>("--observations") { Description = "Number of observed entries k", DefaultValueFactory = _ => 2000 };
        var depth = new Option<int>("--depth") { Description = "Number of factors N", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Seed of the problem and the initialisation", DefaultValueFactory = _ => 1 };
        var method = new Option<string>("--method") { Description = "gd (deep factorization by gradient descent) or nuclear (nuclear-norm minimisation)", DefaultValueFactory = _ => "gd" };
        method.AcceptOnlyFromAmong("gd", "nuclear");
        var output = new Option<string?>("--out") { Description = "Write the result as JSON to this file, with the log-spaced trajectory (loss, errors, effective rank, singular values, step)" }.File(".json");

        var command = new Command("complete",
            "Matrix completion (Arora, Cohen, Hu, Luo, NeurIPS 2019): gradient descent on W = W_N⋯W_1 from a small start, " +
            "or nuclear-norm minimisation, on a synthetic low-rank matrix or MovieLens 100K.");
        foreach (Option option in shared.All.Concat(new Option[] { observations, depth, seed, method, output })) command.Options.Add(option);
        command.SetAction(p =>
        {
            if (p.GetValue(method) == "nuclear")
            {
                // Options of gradient descent mean nothing to the nuclear norm: refuse them rather than ignore them silently.
                var ignored = new Option[] { depth, shared.InitScale, shared.Step, shared.StepRule, shared.MaxIter }
                    .Where(o => p.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (ignored.Count > 0)
                    throw new UsageException($"{string.Join(", ", ignored)} {(ignored.Count == 1 ? "is an option" : "are options")} of gradient descent; " +
                        "--method nuclear takes none of them");
            }
            var spec = shared.Spec(p, "single", p.GetValue(observations), p.GetValue(seed), p.GetValue(method) == "nuclear" ? null : p.GetValue(depth));
            return RunOne(console, spec, shared.Root(p), p.GetValue(output));
        });
        command.Subcommands.Add(BuildSweep(console));
        command.Subcommands.Add(BuildDynamics(console));
        return command;
    }

    static int RunOne(IAnsiConsole console, CompletionSpec spec, string root, string? output)
    {
        console.MarkupLine($"{spec.ProblemName.EscapeMarkup()} · {spec.Method}");
        CompletionResult result = CompletionJob.Run(spec, root, new InlineProgress<FactorizationRecord>(r =>
            console.MarkupLine(Markup.Escape(
                $"  iter {r.Iteration,8}  loss {r.TrainLoss:0.000e+00}  {ErrorText(r.ReconstructionError, r.TestError)}  eff. rank {r.EffectiveRank:0.00}  step {r.StepSize:0.0e+00}"))),
            keepTrajectory: output is not null);
        var table = new Table().Border(TableBorder.Simple).AddColumns("quantity", "value");
        table.AddRow("method", spec.Method);
        table.AddRow("iterations", $"{result.Iterations}");
        table.AddRow("converged", result.Converged ? "yes" : "[yellow]no[/]");
        table.AddRow("training loss", E(result.TrainLoss));
        if (result.ReconstructionError is double re) table.AddRow("reconstruction error", E(re));
        if (result.TestError is double te) table.AddRow("held-out error", E(te));
        table.AddRow("effective rank", $"{result.EffectiveRank:0.000}");
        table.AddRow("nuclear norm", $"{result.NuclearNorm:0.000}");
        if (result.RelativeGap is double gap) table.AddRow("relative duality gap", E(gap));
        if (result.MaxViolation is double violation) table.AddRow("max constraint violation", E(violation));
        table.AddRow("seconds", $"{result.Seconds:0.0}");
        console.Write(table);
        if (output is not null)
        {
            string full = Path.GetFullPath(output);
            CliFiles.WriteJson(full, result);
            console.MarkupLine($"wrote {full.EscapeMarkup()}");
        }
        return ExitCodes.Ok;
    }

    static Command BuildSweep(IAnsiConsole console)
    {
        var shared = new ProblemOptions();
        var observations = new Option<string>("--observations") { Description = "Comma-separated numbers of observed entries", DefaultValueFactory = _ => "1000,1500,2000,2500,3000,4000,5000" };
        var depths = new Option<string>("--depths") { Description = "Comma-separated depths N", DefaultValueFactory = _ => "2,3,4" };
        var nuclear = new Option<bool>("--no-nuclear") { Description = "Leave out the nuclear-norm baseline" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..S per cell", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Output folder (results.jsonl, summary.md, sweep.png)", DefaultValueFactory = _ => "runs/completion-sweep" }.Folder();
        var command = new Command("sweep",
            "Every (observed entries, method, seed): reconstruction error of the nuclear norm and of each depth, resumable " +
            "(finished jobs in OUT/results.jsonl are skipped), with a table and a log-scale plot.");
        foreach (Option option in shared.All.Concat(new Option[] { observations, depths, nuclear, seeds, output })) command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] ks = Integers(p.GetValue(observations)!, "--observations");
            int[] ns = Integers(p.GetValue(depths)!, "--depths");
            int s = p.GetValue(seeds);
            if (s < 1) throw new UsageException($"--seeds must be ≥ 1, got {s}");
            bool movieLens = p.GetValue(shared.MovieLens) is not null;
            var methods = (p.GetValue(nuclear) ? Array.Empty<int?>() : new int?[] { null }).Concat(ns.Select(d => (int?)d)).ToArray();
            var jobs = (from k in movieLens ? new[] { 0 } : ks
                        from seed in Enumerable.Range(1, s)
                        from d in methods
                        select shared.Spec(p, "sweep", k, seed, d)).ToList();
            return RunSweep(console, jobs, shared.Root(p), p.GetValue(output)!);
        });
        return command;
    }

    static int RunSweep(IAnsiConsole console, IReadOnlyList<CompletionSpec> jobs, string root, string outDir)
    {
        var run = new CompletionRun(jobs, Path.Combine(outDir, "results.jsonl"), root);
        console.MarkupLine($"{jobs.Count} jobs → {run.ResultsPath.EscapeMarkup()}");
        IReadOnlyList<CompletionResult> results = console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: jobs.Count);
                return run.Execute(new InlineProgress<CompletionProgress>(p =>
                {
                    task.Value = p.Done;
                    string live = p.Iteration is { } r ? $" · iter {r.Iteration} loss {r.TrainLoss:0.0e+00}" : "";
                    task.Description = $"{p.Job.ProblemName} · {p.Job.Method}{live}".EscapeMarkup();
                    if (p.Finished is { } f)
                        console.MarkupLine(Markup.Escape($"{f.Problem,-28} {f.Method,-8} {ErrorText(f.ReconstructionError, f.TestError)}  " +
                                                         $"iters {f.Iterations,8}  {f.Seconds,7:0.0} s{(f.Converged ? "" : "  (not converged)")}"));
                }));
            });
        string summary = Path.Combine(outDir, "summary.md"), plot = Path.Combine(outDir, "sweep.png");
        if (results.Select(r => r.Observations).Distinct().Count() > 1)
            CompletionReport.PlotSweep(results, "Matrix completion: error against observed entries", plot);
        string table = CompletionReport.Table(results);
        CliFiles.WriteText(summary, "# Matrix completion sweep\n\n" + table);
        console.Write(new Text(table));
        console.MarkupLine($"wrote {summary.EscapeMarkup()}{(File.Exists(plot) ? $" and {plot.EscapeMarkup()}" : "")}");
        return ExitCodes.Ok;
    }

    static Command BuildDynamics(IAnsiConsole console)
    {
        var depths = new Option<string>("--depths") { Description = "Comma-separated depths N", DefaultValueFactory = _ => "1,2,3" };
        var step = new Option<double>("--step") { Description = "Fixed step η (small: gradient descent stands for gradient flow)", DefaultValueFactory = _ => 0.5 };
        var init = new Option<double>("--init-scale") { Description = "Balanced start: every factor scale^{1/N}·I", DefaultValueFactory = _ => 1e-3 };
        var maxIter = new Option<long>("--max-iter") { Description = "Iteration limit", DefaultValueFactory = _ => 100_000 };
        var output = new Option<string>("--out") { Description = "Output folder (dynamics-depthN.json and .png, summary.md)", DefaultValueFactory = _ => "runs/completion-dynamics" }.Folder();
        var command = new Command("dynamics",
            "Singular values of W along gradient descent from a balanced small start (100×100, rank 5, 2000 entries), " +
            "and the paper's law dσ_r/dt = −N (σ_r²)^{1−1/N} ⟨∇ℓ(W), u_r v_rᵀ⟩ checked against the measured rates.");
        var threads = ThreadsOption();
        foreach (Option option in new Option[] { depths, step, init, maxIter, output, threads }) command.Options.Add(option);
        command.SetAction(p =>
        {
            UseThreads(p.GetValue(threads));
            int[] ns = Integers(p.GetValue(depths)!, "--depths");
            if (ns.Any(d => d < 1)) throw new UsageException("--depths must all be ≥ 1");
            double eta = p.GetValue(step), scale = p.GetValue(init);
            if (!(eta > 0)) throw new UsageException($"--step must be > 0, got {eta}");
            if (!(scale > 0)) throw new UsageException($"--init-scale must be > 0, got {scale}");
            return RunDynamics(console, ns, eta, scale, p.GetValue(maxIter), p.GetValue(output)!);
        });
        return command;
    }

    static int RunDynamics(IAnsiConsole console, int[] depths, double step, double scale, long maxIter, string outDir)
    {
        var results = new List<DynamicsResult>();
        foreach (int depth in depths)
        {
            string json = Path.Combine(outDir, $"dynamics-depth{depth}.json");
            var options = new DynamicsOptions(depth, InitScale: scale, Step: step, MaxIterations: maxIter);
            DynamicsResult? result = File.Exists(json) ? JsonSerializer.Deserialize<DynamicsResult>(File.ReadAllText(json), CliFiles.Json) : null;
            if (result is null || result.Options != options)
            {
                console.MarkupLine($"depth {depth}: running");
                result = DynamicsExperiment.Run(options, new InlineProgress<DynamicsPoint>(pt =>
                {
                    if (pt.Iteration % 1000 == 0)
                        console.MarkupLine(Markup.Escape($"  depth {depth} iter {pt.Iteration,7}  loss {pt.Loss:0.00e+00}  σ {string.Join(" ", pt.Sigma.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))}"));
                }));
                CliFiles.WriteJson(json, result);
            }
            else console.MarkupLine($"depth {depth}: already in {json.EscapeMarkup()}");
            DynamicsReport.Plot(result, Path.Combine(outDir, $"dynamics-depth{depth}.png"));
            results.Add(result);
        }
        string summary = Path.Combine(outDir, "summary.md");
        string text = DynamicsReport.Summary(results);
        CliFiles.WriteText(summary, text);
        console.Write(new Text(text));
        return ExitCodes.Ok;
    }

    // n = 100 products and SVDs are too small to share between threads; on a busy machine two threads
    // were measured 10–40× slower than one.
    static Option<int> ThreadsOption() => new("--threads") { Description = "LibTorch threads", DefaultValueFactory = _ => 1 };

    static void UseThreads(int threads)
    {
        if (threads < 1) throw new UsageException($"--threads must be ≥ 1, got {threads}");
        Glassbox.Backend.TorchBackend.SetThreads(threads);
    }

    static int[] Integers(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (string part in parts)
            values.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v : throw new UsageException($"{option}: expected comma-separated integers, found '{part}'"));
        if (values.Count == 0) throw new UsageException($"{option}: give at least one value");
        return values.Distinct().ToArray();
    }

    static string ErrorText(double? reconstruction, double? test) =>
        reconstruction is double r && double.IsFinite(r) ? $"recon {r:0.000e+00}" : test is double t && double.IsFinite(t) ? $"held-out {t:0.000e+00}" : "";

    static string E(double x) => x.ToString("0.000e+00", CultureInfo.InvariantCulture);
}
