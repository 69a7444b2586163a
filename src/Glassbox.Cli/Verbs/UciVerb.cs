using System.CommandLine;
using Glassbox.Data;
using Glassbox.Experiments.Uci;
using Glassbox.KernelMachines;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox uci`: the UCI benchmark of the NTK paper, resumable, with its summary and plot.</summary>
public static class UciVerb
{
    static readonly string[] KnownMethods = { "ntk", "nngp", "rbf", "rf" };

    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var datasets = new Option<string>("--datasets")
        {
            Description = "ntk90 (the paper's 90 sets), all (every set without a separate test file), or a comma-separated list",
            DefaultValueFactory = _ => "ntk90",
        };
        var methods = new Option<string>("--methods")
        {
            Description = "Comma-separated: ntk, nngp (f = L), rbf (Gaussian-kernel SVM), rf (ML.NET FastForest)",
            DefaultValueFactory = _ => "ntk,nngp,rbf,rf",
        };
        var output = new Option<string>("--out") { Description = "Output folder (results.jsonl, summary.md, plot)", DefaultValueFactory = _ => "runs/uci" }.Folder();
        var solver = new Option<string>("--solver")
        {
            Description = "fast: SMO on float64 with warm-started C paths and an interior-point hand-over (same stopping rule); " +
                          "libsvm: LIBSVM's SMO exactly as scikit-learn runs it",
            DefaultValueFactory = _ => "fast",
        };
        solver.AcceptOnlyFromAmong("fast", "libsvm");

        var command = new Command("uci",
            "Run the UCI benchmark of Arora et al. (ICLR 2020): selection on conxuntos.dat, mean test accuracy over the 4 splits " +
            "of conxuntos_kfold.dat. Resumable: finished (data set, method) pairs in OUT/results.jsonl are skipped.");
        foreach (Option option in new Option[] { dataDir, datasets, methods, output, solver }) command.Options.Add(option);
        command.SetAction(parsed => Run(console, DataOptions.ResolveRoot(parsed.GetValue(dataDir)), parsed.GetValue(datasets)!,
            parsed.GetValue(methods)!, parsed.GetValue(output)!, parsed.GetValue(solver) == "libsvm" ? SvmSolver.Libsvm : SvmSolver.Fast));
        return command;
    }

    static int Run(IAnsiConsole console, string root, string datasetSpec, string methodSpec, string outDir, SvmSolver solver)
    {
        string uci = DataPaths.Uci(root);
        if (!Directory.Exists(uci)) throw new UsageException($"no UCI folder under the data root: {uci}");
        IReadOnlyList<string> datasets = SelectDatasets(console, uci, datasetSpec);
        IReadOnlyList<IUciMethod> methods = SelectMethods(methodSpec, solver);
        var file = new UciResultsFile(Path.Combine(outDir, "results.jsonl"));
        var run = new UciRun(uci, datasets, methods, file);
        console.MarkupLine($"{datasets.Count} data sets × {methods.Count} methods → {file.Path.EscapeMarkup()}");
        int reusable = run.Reusable();
        if (reusable > 0) console.MarkupLine($"reusing {reusable} finished (set, method) result(s) from {file.Path.EscapeMarkup()}");
        if (datasets.Count > 30)
            console.MarkupLine("[yellow]this is long:[/] all 90 sets took, on 2 cores, about 7 min for ntk, 6 for nngp, 2 for rbf and 85 for rf " +
                "(docs/results/uci.md); finished pairs are kept, so a stopped run resumes");

        IReadOnlyList<UciResult> results = console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1.0);
                return run.Execute(new InlineProgress<UciProgress>(p =>
                {
                    task.MaxValue = p.WorkTotal;
                    task.Value = p.WorkDone;
                    task.Description = $"{p.Dataset} · {p.Method}".EscapeMarkup();
                    if (p.Finished is { } r)
                        console.MarkupLine($"{r.Dataset,-32} {r.Method,-5} val {100 * r.ValAcc,6:0.00}  test {100 * r.TestAcc,6:0.00}  " +
                                           $"{Choice(r).EscapeMarkup(),-28} {r.Seconds,7:0.0} s");
                }));
            });

        var names = methods.Select(m => m.Name).ToList();
        string? plot = null;
        if (names.Contains("ntk") && names.Count > 1)
        {
            string other = names.Contains("rf") ? "rf" : names.First(n => n != "ntk");
            plot = Path.Combine(outDir, $"ntk-vs-{other}.png");
            UciReport.Plot(results, other, "ntk", plot);
        }
        string summaryPath = Path.Combine(outDir, "summary.md");
        CliFiles.WriteText(summaryPath, UciReport.Summary(results, names, plot));

        var table = new Table().Border(TableBorder.Simple).AddColumns("method", "sets", "avg acc %", "Friedman rank", "P90 %", "P95 %", "PMA %");
        foreach (MethodSummary s in UciSummary.Compute(results, names))
            table.AddRow(s.Method, $"{s.Sets}", $"{100 * s.AverageAccuracy:0.00}", $"{s.FriedmanRank:0.00}",
                $"{100 * s.P90:0.0}", $"{100 * s.P95:0.0}", $"{100 * s.Pma:0.00}");
        console.Write(table);
        console.MarkupLine($"wrote {summaryPath.EscapeMarkup()}{(plot is null ? "" : $" and {plot.EscapeMarkup()}")}");
        return ExitCodes.Ok;
    }

    static string Choice(UciResult r) => string.Join(", ", new[]
    {
        r.Depth is null ? null : $"L={r.Depth}", r.Fix is null ? null : $"f={r.Fix}", r.C is null ? null : $"C={r.C:g}",
        r.Gamma is null ? null : $"γ={r.Gamma:g4}", r.Leaves is null ? null : $"leaves={r.Leaves}", r.MinLeaf is null ? null : $"min={r.MinLeaf}",
    }.Where(s => s is not null));

    static IReadOnlyList<string> SelectDatasets(IAnsiConsole console, string uci, string spec)
    {
        IReadOnlyList<string> available = UciCatalog.ListDatasets(uci);
        if (spec == "ntk90") return UciCatalog.ReadNtk90(uci);
        if (spec == "all")
        {
            var usable = new List<string>();
            foreach (string name in available)
            {
                string folder = Path.Combine(uci, name);
                bool split = Directory.GetFiles(folder, "*_test_R.dat").Length > 0;
                bool present = Directory.GetFiles(folder, "*_R.dat").Length > 0;
                if (split || !present)
                    console.MarkupLine($"[yellow]skipping {name.EscapeMarkup()}[/]: {(split ? "has a separate test file" : "missing data file")}");
                else usable.Add(name);
            }
            return usable;
        }
        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new UsageException("--datasets: give ntk90, all, or a comma-separated list of names");
        foreach (string name in names)
            if (!available.Contains(name))
                throw new UsageException($"--datasets: no UCI set named '{name}' under {uci}");
        return names.Distinct().ToList();
    }

    static IReadOnlyList<IUciMethod> SelectMethods(string spec, SvmSolver solver)
    {
        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (names.Count == 0) throw new UsageException("--methods: give at least one of ntk, nngp, rbf, rf");
        return names.Select(name => name switch
        {
            "ntk" => new NtkMethod(nngpOnly: false, solver),
            "nngp" => new NtkMethod(nngpOnly: true, solver),
            "rbf" => new GaussianSvmMethod(solver),
            "rf" => (IUciMethod)new ForestMethod(),
            _ => throw new UsageException($"--methods: unknown method '{name}'; expected some of {string.Join(", ", KnownMethods)}"),
        }).ToList();
    }
}
