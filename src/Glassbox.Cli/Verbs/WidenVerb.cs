using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments;
using Glassbox.Experiments.Widen;
using Glassbox.Kernels.Convolutional;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox widen`: experiment c(i) of issue 14 — the tangent kernel of finite nets of growing width at initialisation against
/// the exact kernel, on the first rows of a UCI set (fc) or a centre crop of the first CIFAR-10 images (cnn). Resumable per
/// (width, seed); writes results.jsonl, summary.md and widen.png.
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
        var uci = new Option<string>("--uci") { Description = "fc: the UCI set whose first --samples rows are the inputs", DefaultValueFactory = _ => "iris" };
        var samples = new Option<int>("--samples") { Description = "Inputs (rows, or images)", DefaultValueFactory = _ => 8 };
        var crop = new Option<int>("--crop") { Description = "cnn: side of the centre crop of each CIFAR-10 image", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "Folder: results.jsonl (resumable), summary.md, widen.png", Required = true }.Folder();
        var command = new Command("widen", "Experiment c(i): finite nets' tangent kernels at initialisation against the exact kernel, by width.");
        foreach (Option option in new Option[] { dataDir, arch, widths, seeds, depth, uci, samples, crop, output }) command.Options.Add(option);
        command.SetAction(p =>
        {
            int[] ws = p.GetValue(widths)!.Split(',').Select(x => int.TryParse(x.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
                : throw new UsageException($"--widths '{p.GetValue(widths)}': expected comma-separated widths ≥ 1")).Distinct().Order().ToArray();
            if (ws.Length < 2) throw new UsageException("--widths needs at least two widths for a slope");
            if (p.GetValue(seeds) < 1 || p.GetValue(samples) < 2) throw new UsageException("--seeds must be ≥ 1 and --samples ≥ 2");
            bool cnn = p.GetValue(arch) == "cnn";
            if (p.GetValue(depth) < (cnn ? 2 : 1)) throw new UsageException($"--depth must be ≥ {(cnn ? 2 : 1)} with --arch {p.GetValue(arch)}");
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir));
            Func<int, long, WidenRow> run;
            if (cnn)
            {
                ImageSplit data = DataOptions.LoadImages("cifar10", p.GetValue(dataDir));
                if (p.GetValue(crop) < 3 || p.GetValue(crop) > 32) throw new UsageException("--crop must be in 3 .. 32");
                ImageBatch images = Crop(CntkInputs.Standardised(data.Train.Take(p.GetValue(samples)), data.Train), p.GetValue(crop));
                var architecture = new CntkArchitecture(p.GetValue(depth), new CntkReadout.Gap());
                run = (w, s) => KernelAtInit.Convolutional(images, architecture, w, s);
            }
            else
            {
                UciDataset set;
                try { set = UciLoader.Load(DataPaths.Uci(root), p.GetValue(uci)!); }
                catch (Exception e) when (e is MissingDataFileException or DataFormatException) { throw new UsageException(e.Message); }
                int n = Math.Min(p.GetValue(samples), set.Rows);
                var x = new double[n, set.Features];
                for (int i = 0; i < n; i++) for (int j = 0; j < set.Features; j++) x[i, j] = set.X[i * set.Features + j];
                run = (w, s) => KernelAtInit.FullyConnected(x, p.GetValue(depth), w, s);
            }
            string folder = Path.GetFullPath(p.GetValue(output)!);
            var file = new JsonLinesFile<WidenRow>(Path.Combine(folder, "results.jsonl"), "width result");
            List<WidenRow> rows = file.Load().Where(r => r.Arch == p.GetValue(arch)).ToList();
            var todo = ws.SelectMany(w => Enumerable.Range(1, p.GetValue(seeds)).Select(s => (W: w, S: (long)s)))
                .Where(c => !rows.Any(r => r.Width == c.W && r.Seed == c.S)).ToList();
            if (rows.Count > 0) console.MarkupLine($"reusing {rows.Count} finished nets from {file.Path.EscapeMarkup()}");
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("widen", maxValue: Math.Max(todo.Count, 1));
                    foreach (var (w, s) in todo)
                    {
                        task.Description = $"width {w}, seed {s}";
                        rows.Add(run(w, s));
                        file.Save(rows);
                        task.Increment(1);
                    }
                });
            rows = rows.Where(r => ws.Contains(r.Width) && r.Seed <= p.GetValue(seeds)).ToList();
            string title = cnn ? $"CNN (GAP, depth {p.GetValue(depth)}) on {p.GetValue(samples)} CIFAR-10 crops" : $"FC ReLU (L = {p.GetValue(depth)}) on {p.GetValue(uci)}";
            WidenReport.Plot(rows, title, Path.Combine(folder, "widen.png"));
            string table = WidenReport.Table(rows);
            CliFiles.WriteText(Path.Combine(folder, "summary.md"), $"# Tangent kernel at initialisation against width — {title}\n\n{table}\n" +
                string.Create(CultureInfo.InvariantCulture, $"Slope of log(mean error) against log(width): {KernelAtInit.Slope(rows):0.000} (theory: −0.5).\n"));
            console.Write(new Markup(Markup.Escape(table)));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"slope {KernelAtInit.Slope(rows):0.000} (theory −0.5); wrote {folder}")));
            return ExitCodes.Ok;
        });
        return command;
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
