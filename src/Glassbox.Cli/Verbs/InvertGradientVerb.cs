using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Inversion;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox invert-gradient`: recover a party's images from the gradient it shares (Deep Leakage from Gradients).</summary>
public static class InvertGradientVerb
{
    public const string Json = "inversion.json", Grid = "inversion.png";

    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion or cifar10", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(ImageSets.Names);
        var index = new Option<int>("--index") { Description = "The first training image of the party's batch", DefaultValueFactory = _ => 0 };
        var model = new Option<string>("--model") { Description = "lenet (DLG's, sigmoid) or relucnn", DefaultValueFactory = _ => "lenet" };
        model.AcceptOnlyFromAmong(InversionNet.Names);
        var batch = new Option<int>("--batch") { Description = "B, the images in the shared gradient (indices I … I+B−1)", DefaultValueFactory = _ => 1 };
        var defense = new Option<string>("--defense") { Description = "none, noise:SIGMA, prune:P (fraction zeroed), dp:CLIP,SIGMA, or instahide:K (the gradient of an InstaHide encoding of the image, k images mixed)", DefaultValueFactory = _ => "none" };
        var iterations = new Option<int>("--iterations") { Description = "L-BFGS steps (each up to 20 evaluations); DLG runs 300", DefaultValueFactory = _ => 100 };
        var restarts = new Option<int>("--restarts") { Description = "Random starts (the attacker keeps the best-matching one; L-BFGS from one start sometimes stalls)", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Seed of the net's weights, the defence's noise and the attacker's start", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = $"Folder for {Grid} (truth above recovered) and {Json}", Required = true }.Folder();
        var command = new Command("invert-gradient", "Deep Leakage from Gradients (Zhu, Liu & Han, NeurIPS 2019): recover the images and labels behind one shared " +
                                                     "gradient by matching it with L-BFGS; MSE and SSIM against the truth, with an optional defence on the gradient.");
        foreach (Option option in new Option[] { dataDir, dataset, index, model, batch, defense, iterations, restarts, seed, output }) command.Options.Add(option);
        command.Subcommands.Add(InvertGradientSweepVerb.Build(console));
        command.SetAction(p =>
        {
            SharedGradient shared;
            try { shared = SharedGradient.Parse(p.GetValue(defense)!); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            int b = p.GetValue(batch), first = p.GetValue(index), steps = p.GetValue(iterations);
            if (b < 1) throw new UsageException($"--batch must be ≥ 1, got {b}");
            if (steps < 1) throw new UsageException($"--iterations must be ≥ 1, got {steps}");
            if (p.GetValue(restarts) < 1) throw new UsageException($"--restarts must be ≥ 1, got {p.GetValue(restarts)}");
            string name = p.GetValue(dataset)!, outDir = Path.GetFullPath(p.GetValue(output)!);
            ImageDataset train = DataOptions.LoadImages(name, p.GetValue(dataDir)).Train;
            if (first < 0 || first + b > train.Count) throw new UsageException($"--index {first} with --batch {b}: {name} has {train.Count} training images");
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any()) throw new UsageException($"--out {outDir}: the folder is not empty");
            int size = train.ImageSize;
            double[] truth = InversionSetup.Images(train, first, b).Pixels;
            InversionResult result = console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("L-BFGS", maxValue: steps);
                    return InversionSetup.Run(train, p.GetValue(model)!, first, b, shared, steps, p.GetValue(restarts), p.GetValue(seed), KeySource.Secure(),
                        new InlineProgress<(int Iteration, double Distance)>(x =>
                        {
                            task.Value = x.Iteration;
                            task.Description = string.Create(CultureInfo.InvariantCulture, $"‖Δ∇‖² {x.Distance:0.00e+0}");
                        }));
                });
            string temp = $"{outDir.TrimEnd(Path.DirectorySeparatorChar)}.partial-{Environment.ProcessId}";
            Directory.CreateDirectory(temp);
            var rows = new List<double[][]>
            {
                result.Images.Select(i => truth.AsSpan(i.Truth * size, size).ToArray()).ToArray(),
                result.Images.Select(i => result.Recovered.AsSpan(i.Index * size, size).ToArray()).ToArray(),
            };
            ImageGrid.WritePng(Path.Combine(temp, Grid), rows, train.Channels, train.Height, train.Width);
            AtomicFile.WriteText(Path.Combine(temp, Json), JsonSerializer.Serialize(new
            {
                dataset = name, index = first, batch = b, model = p.GetValue(model), defense = shared.ToString(), iterations = steps, restarts = p.GetValue(restarts), seed = p.GetValue(seed),
                gradient_distance = double.IsFinite(result.GradientDistance) ? result.GradientDistance : (double?)null, seconds = result.Seconds,
                mean_ssim = result.Images.Average(i => i.Ssim), mean_mse = result.Images.Average(i => i.Mse),
                labels_right = result.Images.Count(i => i.Label == i.TrueLabel), images = result.Images,
            }, new JsonSerializerOptions { WriteIndented = true }));
            if (Directory.Exists(outDir)) Directory.Delete(outDir);
            Directory.Move(temp, outDir);
            foreach (InvertedImage i in result.Images)
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"image {first + i.Truth}: SSIM {i.Ssim:0.000}, MSE {i.Mse:0.0000}, label {i.Label} (true {i.TrueLabel}){(i.SsimToInput is double e ? $"; SSIM to the encoding the party trained on {e:0.000}" : "")}")));
            console.MarkupLine(Markup.Escape($"wrote {Path.Combine(outDir, Grid)} and {Json}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
