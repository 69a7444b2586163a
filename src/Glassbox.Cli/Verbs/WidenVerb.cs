using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments;
using Glassbox.Experiments.Cntk;
using Glassbox.Experiments.Widen;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Reporting;
using Spectre.Console;
using static TorchSharp.torch;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox widen`: experiment c of issue 14 — finite nets of growing width against their exact kernel. (i) The tangent kernel
/// at initialisation on the training inputs; (ii) with --steps > 0, the centred net trained by full-batch gradient descent,
/// its test outputs against the kernel's prediction at the same time and against kernel regression; (iii) the test accuracies.
/// Binary tasks: a two-class UCI set (fc) or CIFAR-10 airplanes against automobiles, centre-cropped (cnn). Resumable per
/// (width, seed); writes results.jsonl, trained.jsonl, summary.md, widen.png and trained.png.
/// </summary>
public static class WidenVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var arch = new Option<string>("--arch") { Description = "fc (fully connected ReLU, standard scale) or cnn (the CNTK's net, GAP readout)", DefaultValueFactory = _ => "fc" };
        arch.AcceptOnlyFromAmong("fc", "cnn");
        var widths = new Option<string>("--widths") { Description = "Widths (fc: units, cnn: channels), comma-separated", DefaultValueFactory = _ => "64,256,1024,4096" };
        var seeds = new Option<int>("--seeds") { Description = "Nets drawn per width (seeds 1 .. S)", DefaultValueFactory = _ => 3 };
        var depth = new Option<int>("--depth") { Description = "fc: hidden layers; cnn: convolutions plus the readout", DefaultValueFactory = _ => 3 };
        var uci = new Option<string>("--uci") { Description = "fc: the UCI set (two classes when training); rows in a fixed shuffled order (seed 0)", DefaultValueFactory = _ => "ionosphere" };
        var samples = new Option<int>("--samples") { Description = "Training inputs (rows, or images: half airplanes, half automobiles)", DefaultValueFactory = _ => 8 };
        var test = new Option<int>("--test") { Description = "Test inputs for the trained nets (the next rows; or test-split images, half of each class)", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Full-batch gradient-descent steps (0: only the kernel at initialisation); compared after 1%, 10% and 100% of them", DefaultValueFactory = _ => 0 };
        var stepSize = new Option<double>("--step-size") { Description = "η as a multiple of 1/λ_max of the exact training Gram matrix (stable below 2)", DefaultValueFactory = _ => 0.5 };
        var crop = new Option<int>("--crop") { Description = "cnn: side of the centre crop of each CIFAR-10 image", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "Folder: results.jsonl and trained.jsonl (resumable), summary.md, widen.png, trained.png", Required = true }.Folder();
        var command = new Command("widen", "Experiment c: finite nets against their exact kernel by width — the tangent kernel at initialisation, and trained nets against the kernel's predictions.");
        foreach (Option option in new Option[] { dataDir, arch, widths, seeds, depth, uci, samples, test, steps, stepSize, crop, output }) command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] ws = p.GetValue(widths)!.Split(',').Select(x => int.TryParse(x.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
                : throw new UsageException($"--widths '{p.GetValue(widths)}': expected comma-separated widths ≥ 1")).Distinct().Order().ToArray();
            if (ws.Length < 2) throw new UsageException("--widths needs at least two widths for a slope");
            if (p.GetValue(seeds) < 1 || p.GetValue(samples) < 2) throw new UsageException("--seeds must be ≥ 1 and --samples ≥ 2");
            bool cnn = p.GetValue(arch) == "cnn";
            if (p.GetValue(depth) < (cnn ? 2 : 1)) throw new UsageException($"--depth must be ≥ {(cnn ? 2 : 1)} with --arch {p.GetValue(arch)}");
            int trainSteps = p.GetValue(steps);
            if (trainSteps < 0) throw new UsageException("--steps must be ≥ 0");
            if (trainSteps > 0 && p.GetValue(test) < 2) throw new UsageException("--test must be ≥ 2 when training");
            double scale = p.GetValue(stepSize);
            if (!(scale > 0 && scale < 2)) throw new UsageException($"--step-size {scale.ToString(CultureInfo.InvariantCulture)}: expected a value in (0, 2), where gradient descent on the kernel is stable");
            int testCount = trainSteps > 0 ? p.GetValue(test) : 0;
            WidenProblem problem;
            try
            {
                problem = cnn
                    ? WidenProblems.CifarCrops(DataOptions.LoadImages("cifar10", p.GetValue(dataDir)), p.GetValue(samples), testCount, p.GetValue(crop), p.GetValue(depth))
                    : WidenProblems.Uci(UciLoader.Load(DataPaths.Uci(DataOptions.ResolveRoot(p.GetValue(dataDir))), p.GetValue(uci)!), p.GetValue(samples), testCount,
                        p.GetValue(depth), requireTwoClasses: trainSteps > 0);
            }
            catch (Exception e) when (e is MissingDataFileException or DataFormatException or WidenDataException) { throw new UsageException(e.Message); }

            string folder = Path.GetFullPath(p.GetValue(output)!);
            var plan = new WidenPlan(ws, p.GetValue(seeds), trainSteps, scale);
            string title = cnn ? $"CNN (GAP, depth {p.GetValue(depth)}), CIFAR-10 crops" : $"FC ReLU (L = {p.GetValue(depth)}) on {p.GetValue(uci)}";
            WidenOutcome outcome = StepProgress.Run(console, progress => WidenExperiment.Run(problem, plan, folder, progress),
                step => step.Unit == "nets" ? "at initialisation" : "training");
            if (outcome.ReusedAtInit + outcome.ReusedTrained > 0)
                console.MarkupLine($"reused {outcome.ReusedAtInit} finished nets at initialisation and {outcome.ReusedTrained} trained nets from {folder.EscapeMarkup()}");
            WidenReport.Plot(outcome.AtInit, title, Path.Combine(folder, "widen.png"));
            console.Write(new Markup(Markup.Escape(WidenReport.Table(outcome.AtInit))));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"slope {KernelAtInit.Slope(outcome.AtInit):0.000} (theory −0.5)")));
            if (trainSteps > 0)
            {
                WidenReport.PlotTrained(outcome.Trained, title + ": trained nets against f_t", Path.Combine(folder, "trained.png"));
                console.Write(new Markup(Markup.Escape(WidenReport.TrainedTable(outcome.Trained))));
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"trained nets: slope {WidenExperiment.TrainedSlope(outcome, plan):0.000} (theory −0.5)")));
            }
            CliFiles.WriteText(Path.Combine(folder, "summary.md"), $"# Finite nets against their kernel by width — {title}\n\n" + WidenExperiment.Summary(problem, plan, outcome));
            console.MarkupLine($"wrote {folder.EscapeMarkup()}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
