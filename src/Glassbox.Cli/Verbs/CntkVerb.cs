using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments.Cntk;
using Glassbox.Kernels.Convolutional;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox cntk depth`: experiment a of issue 14, CNTK-V and CNTK-GAP by depth on a balanced CIFAR-10 subset; `cntk fewshot` is experiment b.</summary>
public static class CntkVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("cntk", "Experiments with the convolutional NTK on CIFAR-10.");
        command.Subcommands.Add(BuildDepth(console));
        command.Subcommands.Add(CntkFewShotVerb.Build(console));
        return command;
    }

    static Command BuildDepth(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var trainPerClass = new Option<int>("--train-per-class") { Description = "Training images of each class (the first ones of the training set)", DefaultValueFactory = _ => 20 };
        var testPerClass = new Option<int>("--test-per-class") { Description = "Test images of each class (the first ones of the test set)", DefaultValueFactory = _ => 20 };
        var depths = new Option<string>("--depths") { Description = "Depths, comma-separated (one pass at the deepest gives them all)", DefaultValueFactory = _ => "3,6,11,21" };
        var tile = new Option<int>("--tile") { Description = "Images per tile of the resumable kernel jobs", DefaultValueFactory = _ => CntkDepthExperiment.DefaultTile };
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64 arithmetic", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "float64");
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores)" };
        var output = new Option<string>("--out") { Description = "Folder: the kernel jobs (resumable), results.json, summary.md", Required = true }.Folder();
        var command = new Command("depth", "Experiment a: CNTK-V and CNTK-GAP by depth, kernel regression on a class-balanced CIFAR-10 subset; resumable.");
        foreach (Option option in new Option[] { dataDir, trainPerClass, testPerClass, depths, tile, dtype, threads, output }) command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] ds = p.GetValue(depths)!.Split(',').Select(x => int.TryParse(x.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 2 ? v
                : throw new UsageException($"--depths '{p.GetValue(depths)}': expected comma-separated depths ≥ 2")).Distinct().ToArray();
            if (p.GetValue(trainPerClass) < 1 || p.GetValue(testPerClass) < 1) throw new UsageException("--train-per-class and --test-per-class must be ≥ 1");
            if (p.GetValue(tile) < 1) throw new UsageException($"--tile must be ≥ 1, got {p.GetValue(tile)}");
            var spec = new CntkDepthSpec(p.GetValue(trainPerClass), p.GetValue(testPerClass), ds, p.GetValue(tile),
                p.GetValue(dtype) == "float64" ? CntkPrecision.Float64 : CntkPrecision.Float32, p.GetValue(threads));
            string folder = Path.GetFullPath(p.GetValue(output)!);
            ImageSplit data = DataOptions.LoadImages("cifar10", p.GetValue(dataDir));
            IReadOnlyList<(string Name, CntkRegression Regression)> regressions;
            ImageDataset train, test;
            try { regressions = CntkDepthExperiment.Prepare(data, spec, folder, out train, out test); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            var clock = Stopwatch.StartNew();
            console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    foreach (var (name, regression) in regressions)
                    {
                        var task = context.AddTask(name, maxValue: regression.Entries);
                        long before = regression.Entries - regression.EntriesLeft;
                        var started = Stopwatch.StartNew();
                        regression.Compute(new InlineProgress<long>(done =>
                        {
                            task.Value = done;
                            if (done > before) task.Description = $"{name} {(done - before) / started.Elapsed.TotalSeconds:F1} entries/s";
                        }));
                    }
                });
            IReadOnlyList<CntkDepthRow> rows = CntkDepthExperiment.Evaluate(regressions, spec, train, test);
            CliFiles.WriteJson(Path.Combine(folder, "results.json"), rows);
            var table = new Table().AddColumns("kernel", "depth", "train", "test", "accuracy");
            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"# CNTK by depth — {train.Count} training and {test.Count} test images of CIFAR-10 (first of each class)");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Kernel regression (targets one-hot; the authors' 0.9/−0.1 predict the same), {spec.Precision} engine; this run {clock.Elapsed.TotalSeconds:F0} s.");
            md.AppendLine();
            md.AppendLine("| kernel | depth | accuracy |");
            md.AppendLine("|---|---|---|");
            foreach (CntkDepthRow r in rows)
            {
                table.AddRow(r.Kernel, $"{r.Depth}", $"{r.Train}", $"{r.Test}", $"{r.Accuracy:P2}");
                md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Kernel} | {r.Depth} | {r.Accuracy:P2} |");
            }
            CliFiles.WriteText(Path.Combine(folder, "summary.md"), md.ToString());
            console.Write(table);
            console.MarkupLine(Markup.Escape($"wrote {Path.Combine(folder, "results.json")} and summary.md in {clock.Elapsed.TotalSeconds:F0} s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
