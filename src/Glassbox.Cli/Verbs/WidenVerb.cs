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
            WidenProblem problem = cnn
                ? Images(p.GetValue(dataDir), p.GetValue(samples), testCount, p.GetValue(crop), p.GetValue(depth))
                : Rows(p.GetValue(dataDir), p.GetValue(uci)!, p.GetValue(samples), testCount, p.GetValue(depth), trainSteps > 0);

            string folder = Path.GetFullPath(p.GetValue(output)!);
            var initFile = new JsonLinesFile<WidenRow>(Path.Combine(folder, "results.jsonl"), "width result");
            List<WidenRow> initRows = Reusable(initFile.Load(), r => r.Settings, problem.Description, folder);
            var initTodo = Pending(ws, p.GetValue(seeds), (w, s) => initRows.Any(r => r.Width == w && r.Seed == s));

            string trainedSettings = string.Create(CultureInfo.InvariantCulture, $"{problem.Description}; {testCount} test inputs; {trainSteps} steps; η = {scale:R}/λ_max");
            var trainedFile = new JsonLinesFile<TrainedRow>(Path.Combine(folder, "trained.jsonl"), "trained-net result");
            List<TrainedRow> trainedRows = trainSteps > 0 ? Reusable(trainedFile.Load(), r => r.Settings, trainedSettings, folder) : [];
            var trainTodo = trainSteps > 0 ? Pending(ws, p.GetValue(seeds), (w, s) => trainedRows.Any(r => r.Width == w && r.Seed == s)) : [];
            if (initRows.Count + trainedRows.Count > 0)
                console.MarkupLine($"reusing {initRows.Count} finished nets at initialisation and {trainedRows.Select(r => (r.Width, r.Seed)).Distinct().Count()} trained nets from {folder.EscapeMarkup()}");

            KernelDynamics? dynamics = trainSteps > 0 ? problem.Dynamics() : null;
            double eta = dynamics is null ? 0 : scale / dynamics.LargestEigenvalue;
            int[] checkpoints = new[] { trainSteps / 100, trainSteps / 10, trainSteps }.Where(s => s >= 1).Distinct().ToArray();
            console.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var init = context.AddTask("at initialisation", maxValue: Math.Max(initTodo.Count, 1));
                    foreach (var (w, s) in initTodo)
                    {
                        init.Description = $"Θ at init: width {w}, seed {s}";
                        initRows.Add(KernelAtInit.Measure(problem, w, s));
                        initFile.Save(initRows);
                        init.Increment(1);
                    }
                    init.Value = init.MaxValue;
                    if (dynamics is null) return;
                    var train = context.AddTask("training", maxValue: Math.Max(trainTodo.Count * (double)trainSteps, 1));
                    foreach (var (w, s) in trainTodo)
                    {
                        train.Description = $"training: width {w}, seed {s}";
                        double before = train.Value;
                        using var scope = NewDisposeScope();
                        using var net = problem.BuildNet(w);
                        EmpiricalNtk.StandardNormalInit(net, s);
                        trainedRows.AddRange(TrainedVsKernel.Run(net, problem.TrainInputs, problem.TestInputs, problem.Targets, problem.TestLabels,
                            dynamics, eta, checkpoints, (problem.Arch, trainedSettings, w, s), new InlineProgress<int>(done => train.Value = before + done)));
                        trainedFile.Save(trainedRows);
                    }
                    train.Value = train.MaxValue;
                });

            initRows = initRows.Where(r => ws.Contains(r.Width) && r.Seed <= p.GetValue(seeds)).ToList();
            string title = cnn ? $"CNN (GAP, depth {p.GetValue(depth)}), CIFAR-10 crops" : $"FC ReLU (L = {p.GetValue(depth)}) on {p.GetValue(uci)}";
            WidenReport.Plot(initRows, title, Path.Combine(folder, "widen.png"));
            string table = WidenReport.Table(initRows);
            string summary = $"# Finite nets against their kernel by width — {title}\n\nData: {problem.Description}.\n\n## (i) Tangent kernel at initialisation\n\n{table}\n"
                + string.Create(CultureInfo.InvariantCulture, $"Slope of log(mean error) against log(width): {KernelAtInit.Slope(initRows):0.000} (theory: −0.5).\n");
            console.Write(new Markup(Markup.Escape(table)));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"slope {KernelAtInit.Slope(initRows):0.000} (theory −0.5)")));
            if (dynamics is not null)
            {
                trainedRows = trainedRows.Where(r => ws.Contains(r.Width) && r.Seed <= p.GetValue(seeds)).ToList();
                WidenReport.PlotTrained(trainedRows, title + ": trained nets against f_t", Path.Combine(folder, "trained.png"));
                string trained = WidenReport.TrainedTable(trainedRows);
                double slope = KernelAtInit.Slope(trainedRows.Where(r => r.Step == trainSteps).Select(r => (r.Width, r.ToKernel)));
                summary += string.Create(CultureInfo.InvariantCulture,
                    $"\n## (ii)–(iii) Trained by full-batch gradient descent ({trainSteps} steps, η = {scale:R}/λ_max = {eta:g4}, t = η·step = {eta * trainSteps:g4})\n\n")
                    + "g: the centred net's test outputs; f_t = Θ(x,X)Θ⁻¹(I − e^{−Θt})Y the exact kernel's at the same t; f_∞ kernel regression.\n\n"
                    + trained + "\nMean ‖g − f_t‖/‖f_t‖ by step:\n\n" + WidenReport.TrajectoryTable(trainedRows)
                    + string.Create(CultureInfo.InvariantCulture, $"\nSlope of log(mean ‖g − f_t‖/‖f_t‖) at the last step against log(width): {slope:0.000} (theory: −0.5).\n");
                console.Write(new Markup(Markup.Escape(trained)));
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"trained nets: slope {slope:0.000} (theory −0.5)")));
            }
            CliFiles.WriteText(Path.Combine(folder, "summary.md"), summary);
            console.MarkupLine($"wrote {folder.EscapeMarkup()}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The rows of a previous run, refused when they were computed with other settings.</summary>
    static List<T> Reusable<T>(List<T> rows, Func<T, string> settingsOf, string settings, string folder)
    {
        string? other = rows.Select(settingsOf).FirstOrDefault(s => s != settings);
        if (other is not null)
            throw new UsageException($"--out {folder} holds results computed with other settings ({other}; now: {settings}); use another folder or delete it");
        return rows;
    }

    static List<(int Width, long Seed)> Pending(int[] widths, int seeds, Func<int, long, bool> done) =>
        widths.SelectMany(w => Enumerable.Range(1, seeds).Select(s => (w, (long)s))).Where(c => !done(c.w, c.Item2)).ToList();

    /// <summary>fc: rows of a UCI set in a fixed shuffled order; the first <paramref name="train"/> for training, the next
    /// <paramref name="test"/> for testing; class 0 is +1, the other −1.</summary>
    static WidenProblem Rows(string? dataDir, string name, int train, int test, int depth, bool training)
    {
        UciDataset set;
        try { set = UciLoader.Load(DataPaths.Uci(DataOptions.ResolveRoot(dataDir)), name); }
        catch (Exception e) when (e is MissingDataFileException or DataFormatException) { throw new UsageException(e.Message); }
        if (training && set.Classes != 2) throw new UsageException($"--uci {name} has {set.Classes} classes; training needs a two-class set (e.g. ionosphere)");
        if (train + test > set.Rows) throw new UsageException($"--samples {train} and --test {test} need {train + test} rows; {name} has {set.Rows}");
        int[] order = Enumerable.Range(0, set.Rows).ToArray();
        new Random(0).Shuffle(order);
        double[,] Take(int start, int count)
        {
            var x = new double[count, set.Features];
            for (int i = 0; i < count; i++) for (int j = 0; j < set.Features; j++) x[i, j] = set.X[order[start + i] * set.Features + j];
            return x;
        }
        double Sign(int row) => set.Y[order[row]] == 0 ? 1 : -1;
        string description = string.Create(CultureInfo.InvariantCulture, $"fc depth {depth}; UCI {name}, rows shuffled with seed 0: {train} training, {test} test; class 0 = +1");
        return WidenProblem.FullyConnected(Take(0, train), Take(train, test), Enumerable.Range(0, train).Select(Sign).ToArray(),
            Enumerable.Range(train, test).Select(r => (int)Sign(r)).ToArray(), depth, description);
    }

    /// <summary>cnn: the first images of CIFAR-10's airplanes (+1) and automobiles (−1), half each (the odd one an airplane),
    /// training from the training split and test from the test split, standardised per channel by the training split, centre-cropped.</summary>
    static WidenProblem Images(string? dataDir, int train, int test, int crop, int depth)
    {
        if (crop < 3 || crop > 32) throw new UsageException("--crop must be in 3 .. 32");
        ImageSplit data = DataOptions.LoadImages("cifar10", dataDir);
        (ImageBatch Images, double[] Signs) Pick(ImageDataset source, int count)
        {
            int[] indices = Enumerable.Range(0, source.Count).Where(i => source.Labels[i] == 0).Take((count + 1) / 2)
                .Concat(Enumerable.Range(0, source.Count).Where(i => source.Labels[i] == 1).Take(count / 2)).Order().ToArray();
            ImageDataset subset = BalancedDraw.Subset(source, indices);
            return (Crop(CntkInputs.Standardised(subset, data.Train), crop), subset.Labels.Select(l => l == 0 ? 1.0 : -1.0).ToArray());
        }
        var (trainImages, targets) = Pick(data.Train, train);
        var (testImages, testSigns) = test > 0 ? Pick(data.Test, test) : (new ImageBatch(0, 3, crop, crop, []), []);
        var architecture = new CntkArchitecture(depth, new CntkReadout.Gap());
        string description = string.Create(CultureInfo.InvariantCulture,
            $"cnn GAP depth {depth}; CIFAR-10 airplane (+1) against automobile (−1), first {train} training and {test} test images, {crop}×{crop} centre crops");
        return WidenProblem.Convolutional(trainImages, testImages, targets, testSigns.Select(s => (int)s).ToArray(), architecture, ScalarType.Float32, description);
    }

    /// <summary>The centre side×side crop of every image.</summary>
    static ImageBatch Crop(ImageBatch images, int side)
    {
        int top = (images.Height - side) / 2, left = (images.Width - side) / 2;
        var data = new double[images.Count * images.Channels * side * side];
        int k = 0;
        for (int n = 0; n < images.Count; n++)
            for (int c = 0; c < images.Channels; c++)
                for (int i = 0; i < side; i++)
                    for (int j = 0; j < side; j++)
                        data[k++] = images.Data[((n * images.Channels + c) * images.Height + top + i) * images.Width + left + j];
        return new ImageBatch(images.Count, images.Channels, side, side, data);
    }
}
