using System.CommandLine;
using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Privacy;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox invert-gradient sweep`: experiment d — single-image inversion under every defence, resumable, with a picture grid.</summary>
public static class InvertGradientSweepVerb
{
    public static readonly string[] DefaultDefenses = ["none", "noise:0.001", "noise:0.01", "noise:0.1", "prune:0.2", "prune:0.5", "prune:0.9", "dp:1,0.01", "instahide:4"];

    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion or cifar10", DefaultValueFactory = _ => "cifar10" };
        dataset.AcceptOnlyFromAmong(ImageSets.Names);
        var model = new Option<string>("--model") { Description = "lenet (DLG's, sigmoid) or relucnn", DefaultValueFactory = _ => "lenet" };
        model.AcceptOnlyFromAmong(Glassbox.Privacy.Inversion.InversionNet.Names);
        var indices = new Option<string>("--indices") { Description = "Training images, comma-separated (one case each, batch 1)", DefaultValueFactory = _ => "0,1,2" };
        var defenses = new Option<string[]>("--defenses") { Description = "Defences (as for --defense), space-separated", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => DefaultDefenses };
        var iterations = new Option<int>("--iterations") { Description = "L-BFGS steps per start", DefaultValueFactory = _ => 100 };
        var restarts = new Option<int>("--restarts") { Description = "Random starts per case", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed of the net's weights, the defence's noise and the attacker's start", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder: cases.jsonl (resumable), summary.md, grid.png", Required = true }.Folder();
        var command = new Command("sweep", "Experiment d: DLG on single images under each defence (noise, pruning, DP, InstaHide), SSIM against the private image; resumable.");
        foreach (Option option in new Option[] { dataDir, dataset, model, indices, defenses, iterations, restarts, seed, output }) command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] images = p.GetValue(indices)!.Split(',').Select(x => int.TryParse(x.Trim(), out int v) && v >= 0 ? v
                : throw new UsageException($"--indices '{p.GetValue(indices)}': expected comma-separated image numbers ≥ 0")).ToArray();
            string name = p.GetValue(dataset)!;
            ImageDataset train = DataOptions.LoadImages(name, p.GetValue(dataDir)).Train;
            var options = new InversionSweepOptions(name, p.GetValue(model)!, p.GetValue(iterations), p.GetValue(restarts), p.GetValue(seed));
            IReadOnlyList<InversionSummaryRow> rows;
            try
            {
                rows = console.Progress().AutoClear(false).HideCompleted(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask("inversion", maxValue: images.Length * p.GetValue(defenses)!.Length);
                        return InversionSweep.Run(train, options, images, p.GetValue(defenses)!, KeySource.Secure(), Path.GetFullPath(p.GetValue(output)!),
                            new InlineProgress<(int Done, int Total, string Case)>(x => { task.Value = x.Done; task.Description = Markup.Escape(x.Case); }));
                    });
            }
            catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            var table = new Table().AddColumns("defence", "mean SSIM", "max SSIM", "mean MSE", "labels right", "SSIM to input");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Defense), $"{r.MeanSsim:0.000}", $"{r.MaxSsim:0.000}", $"{r.MeanMse:0.0000}", $"{r.LabelsRight}/{r.Images}",
                    r.MeanSsimToInput is double s ? $"{s:0.000}" : "—");
            console.Write(table);
            console.MarkupLine(Markup.Escape($"wrote {Path.Combine(Path.GetFullPath(p.GetValue(output)!), InversionSweep.SummaryFile)} and {InversionSweep.GridFile}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
