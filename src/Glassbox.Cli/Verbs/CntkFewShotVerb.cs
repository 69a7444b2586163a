using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.Cntk.FewShot;
using Glassbox.Kernels.Convolutional;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox cntk fewshot`: experiment b of issue 14, a CNTK against a trained PreResNet on few-shot CIFAR-10.</summary>
public static class CntkFewShotVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var sizes = new Option<string>("--sizes") { Description = "Training-set sizes n, comma-separated multiples of 10 (class-balanced)", DefaultValueFactory = _ => "10,20,40,80,160" };
        var seeds = new Option<int>("--seeds") { Description = "Draws per size (seeds 1 .. S; a seed's draws are nested)", DefaultValueFactory = _ => 5 };
        var testPerClass = new Option<int>("--test-per-class") { Description = "Test images of each class (the first ones of the test set)", DefaultValueFactory = _ => 50 };
        var readout = new Option<string>("--readout") { Description = "The kernel's readout: flatten (CNTK-V), gap or lap:C", DefaultValueFactory = _ => "flatten" };
        var depth = new Option<int>("--depth") { Description = "The kernel's depth (convolutions plus readout); one pass gives every shallower one", DefaultValueFactory = _ => 21 };
        var depths = new Option<string>("--depths") { Description = "Depths reported, comma-separated, each ≤ --depth (default: --depth alone)" };
        var fix = new Option<bool>("--fix") { Description = "Freeze the first and last layers (the authors' CNTK-GAP runs)" };
        var flip = new Option<bool>("--flip") { Description = "Average the kernel over left-right mirror images" };
        var netSteps = new Option<int>("--net-steps") { Description = "SGD steps of the net per draw (rounded up to whole epochs; 0: no net)", DefaultValueFactory = _ => 200 };
        var netBatch = new Option<int>("--net-batch") { Description = "The net's batch: min(n, B)", DefaultValueFactory = _ => 64 };
        var netRate = new Option<double>("--net-rate") { Description = "The net's first rate (cosine to 0)", DefaultValueFactory = _ => 0.1 };
        var model = new Option<string>("--model") { Description = "The net", DefaultValueFactory = _ => "preresnet20" };
        model.AcceptOnlyFromAmong("preresnet20", "preresnet32");
        var tile = new Option<int>("--tile") { Description = "Images per tile of the resumable kernel job", DefaultValueFactory = _ => 32 };
        var dtype = new Option<string>("--dtype") { Description = "The kernel's arithmetic: float32 or float64", DefaultValueFactory = _ => "float32" };
        dtype.AcceptOnlyFromAmong("float32", "float64");
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores)" };
        var output = new Option<string>("--out") { Description = "Folder: kernel/ (tiles), results.jsonl (resumable), summary.md, fewshot.png", Required = true }.Folder();
        var command = new Command("fewshot", "Experiment b: few-shot CIFAR-10, kernel regression with a CNTK against a trained PreResNet on the same class-balanced draws; resumable.");
        foreach (Option option in new Option[] { dataDir, sizes, seeds, testPerClass, readout, depth, depths, fix, flip, netSteps, netBatch, netRate, model, tile, dtype, threads, output })
            command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] ns = Integers(p.GetValue(sizes)!, "--sizes");
            int d = p.GetValue(depth);
            int[] ds = p.GetValue(depths) is { } text ? Integers(text, "--depths") : [d];
            CntkReadout read;
            try { read = CntkReadout.Parse(p.GetValue(readout)!); }
            catch (FormatException e) { throw new UsageException($"--readout: {e.Message}"); }
            var spec = new FewShotSpec(ns, p.GetValue(seeds), p.GetValue(testPerClass), new CntkArchitecture(d, read, p.GetValue(fix), p.GetValue(flip)), ds,
                p.GetValue(netSteps), p.GetValue(netBatch), p.GetValue(netRate), p.GetValue(model)!, p.GetValue(tile),
                p.GetValue(dtype) == "float64" ? CntkPrecision.Float64 : CntkPrecision.Float32, p.GetValue(threads));
            ImageSplit data = DataOptions.LoadImages("cifar10", p.GetValue(dataDir));
            try { spec.Validate(data.Train.Classes); spec.Kernel.Validate(data.Train.Height, data.Train.Width); }
            catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            string folder = Path.GetFullPath(p.GetValue(output)!);
            var clock = Stopwatch.StartNew();
            IReadOnlyList<FewShotRow> rows = StepProgress.Run(console, progress =>
            {
                try { return FewShotExperiment.Run(data, spec, folder, progress); }
                catch (InvalidOperationException e) { throw new UsageException(e.Message); } // kernel/ holds another job's tiles
            });
            int testCount = spec.TestPerClass * data.Test.Classes;
            string summary = FewShotExperiment.Summary(spec, rows, testCount);
            FewShotReport.Plot(rows, FewShotExperiment.Methods(spec), $"Few-shot CIFAR-10 ({testCount} test images)", Path.Combine(folder, "fewshot.png"));
            CliFiles.WriteText(Path.Combine(folder, "summary.md"), "# Few-shot CIFAR-10: CNTK against a trained net\n\n" + summary);
            console.Write(new Markup(Markup.Escape(FewShotReport.Table(rows, FewShotExperiment.Methods(spec)))));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"wrote {folder} (summary.md, fewshot.png) in {clock.Elapsed.TotalSeconds:F0} s")));
            return ExitCodes.Ok;
        });
        return command;
    }

    static int[] Integers(string text, string option) =>
        text.Split(',').Select(x => int.TryParse(x.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
            : throw new UsageException($"{option} '{text}': expected comma-separated positive integers")).Distinct().Order().ToArray();
}
