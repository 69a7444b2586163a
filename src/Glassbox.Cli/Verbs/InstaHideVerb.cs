using System.CommandLine;
using Glassbox.Data;
using Glassbox.Privacy;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox instahide`: encode private images (and, later, attack the encodings).</summary>
public static class InstaHideVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("instahide",
            "InstaHide (Huang, Song, Li, Arora, ICML 2020): encode private images by mixing and random sign flips. Not cryptographically secure: " +
            "Carlini et al. (IEEE S&P 2021) recovered the authors' challenge images.");
        command.Subcommands.Add(BuildEncode(console));
        command.Subcommands.Add(BuildAttack(console));
        command.Subcommands.Add(BuildSweep(console));
        command.Subcommands.Add(InstaHideAccuracyVerb.Build(console));
        command.Subcommands.Add(BuildUnmix(console));
        return command;
    }

    static Command BuildSweep(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist (public: fashion) or cifar10 (public: cifar10-heldout)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "cifar10");
        var images = new Option<int>("--images") { Description = "Private images", DefaultValueFactory = _ => 100 };
        var ks = new Option<string>("--k") { Description = "Values of k, comma-separated", DefaultValueFactory = _ => "2,4,6" };
        var perImage = new Option<string>("--encodings-per-image") { Description = "Values of T, comma-separated", DefaultValueFactory = _ => "5,10,50" };
        var output = new Option<string>("--out") { Description = "Folder of the sweep (reruns reuse finished settings)", DefaultValueFactory = _ => "runs/instahide-sweep" }.Folder();
        var command = new Command("sweep", "Encode and attack for every k and T, inside and cross; writes summary.md and ssim.png (resumable).");
        foreach (Option o in new Option[] { dataDir, dataset, images, ks, perImage, output }) command.Options.Add(o);
        command.SetAction(p =>
        {
            int n = p.GetValue(images);
            if (n < 6) throw new UsageException($"--images must be at least 6 (k up to 6 needs as many private images), got {n}");
            var settings = Glassbox.Experiments.Privacy.AttackSweep.Settings(WholeNumbers(p, ks), WholeNumbers(p, perImage));
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir)), folder = p.GetValue(output)!;
            IReadOnlyList<Glassbox.Experiments.Privacy.AttackSweepRow> rows = [];
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 },
                new PercentageColumn(), new ElapsedTimeColumn()).Start(context =>
            {
                var task = context.AddTask("attack sweep", maxValue: settings.Count);
                try
                {
                    rows = Glassbox.Experiments.Privacy.AttackSweep.Run(p.GetValue(dataset)!, root, n, settings, folder, new InlineProgress<(int Done, int Total, string Name)>(s =>
                    {
                        task.Value = s.Done;
                        task.Description = $"attack sweep: {s.Name}";
                    }));
                }
                catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
                {
                    throw new UsageException(e.Message);
                }
            });
            foreach (var r in rows)
                console.MarkupLine(Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{r.Setting.Name,-18} SSIM max {r.MaxSsim:0.000} mean {r.MeanSsim:0.000}  clustered {r.ClusteredCorrectly:P0}  {r.Seconds:0} s")));
            console.MarkupLine(Markup.Escape($"summary in {Path.Combine(folder, "summary.md")}, plot {Path.Combine(folder, "ssim.png")}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A comma-separated list of whole numbers ≥ 1, else one sentence naming the option.</summary>
    static int[] WholeNumbers(ParseResult p, Option<string> option) =>
        p.GetValue(option)!.Split(',').Select(x => int.TryParse(x.Trim(), out int v) && v >= 1 ? v
            : throw new UsageException($"{option.Name} takes whole numbers ≥ 1 separated by commas, got '{p.GetValue(option)}'")).ToArray();

    static Command BuildUnmix(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist (public: fashion) or cifar10 (public: cifar10-heldout)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "cifar10");
        var images = new Option<int>("--images") { Description = "Private images, one encoding each", DefaultValueFactory = _ => 100 };
        var ks = new Option<string>("--k") { Description = "Values of k, comma-separated", DefaultValueFactory = _ => "2,4,6" };
        var insecureSeed = new Option<long?>("--insecure-seed") { Description = "Draw the keys from a seeded generator: reproducible, and NOT private" };
        var output = new Option<string>("--out") { Description = "Folder for summary.md, unmixing.json, example.png", DefaultValueFactory = _ => "runs/instahide-unmix" }.Folder();
        var command = new Command("unmix",
            "What one encoding reveals of its private image with and without the keys, against mixup without masks: SSIM of linear unmixings (experiment 6c).");
        foreach (Option o in new Option[] { dataDir, dataset, images, ks, insecureSeed, output }) command.Options.Add(o);
        command.SetAction(p =>
        {
            int[] kList = WholeNumbers(p, ks);
            KeySource random = p.GetValue(insecureSeed) is long s ? KeySource.Insecure(s) : KeySource.Secure();
            IReadOnlyList<UnmixingResult> results;
            try
            {
                results = Glassbox.Experiments.Privacy.UnmixingSweep.Run(p.GetValue(dataset)!, DataOptions.ResolveRoot(p.GetValue(dataDir)), p.GetValue(images),
                    kList, random, p.GetValue(output)!);
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
            {
                throw new UsageException(e.Message);
            }
            console.Write(new Text(File.ReadAllText(Path.Combine(p.GetValue(output)!, "summary.md"))));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command BuildAttack(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var encodings = new Option<string>("--encodings") { Description = "A folder written by `instahide encode`", Required = true };
        var truth = new Option<string>("--truth") { Description = "The data set the private images came from (mnist, fashion, cifar10), to score the attack", Required = true };
        truth.AcceptOnlyFromAmong(ImageSets.Names);
        var seed = new Option<long>("--seed") { Description = "Seed of the attack's own random choices (shuffle, k-means++)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "A new (or empty) folder for recovered.npy, recovered.png, attack.json", Required = true }.Folder();
        var command = new Command("attack",
            "Recover the private images from InstaHide encodings (Carlini et al., IEEE S&P 2021: absolute values, similarity, clustering, " +
            "unmixing, signs) and score them by SSIM against the truth.");
        foreach (Option o in new Option[] { dataDir, encodings, truth, seed, output }) command.Options.Add(o);
        command.SetAction(p =>
        {
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir)), name = p.GetValue(truth)!;
            AttackReport report;
            try
            {
                InstaHideEncoding.CheckTarget(p.GetValue(output)!);
                report = InstaHideAttackRun.Run(p.GetValue(encodings)!, name, ImageSets.Load(name, root), p.GetValue(output)!, p.GetValue(seed));
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException or DataFormatException)
            {
                throw new UsageException(e.Message);
            }
            console.MarkupLine(Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{report.Images} private images, {report.Images * report.EncodingsPerImage} encodings (k = {report.K}, {report.Mode.ToString().ToLowerInvariant()}): " +
                $"SSIM max {report.MaxSsim:0.000}, mean {report.MeanSsim:0.000}; {report.EncodingsClusteredCorrectly:P1} of encodings clustered with one of their images; " +
                $"{report.Seconds:0.0} s")));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command BuildEncode(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion or cifar10: the private images are its first N training images", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(ImageSets.Names);
        var k = new Option<int>("--k") { Description = "Images mixed into each encoding (the image itself and k − 1 partners)", DefaultValueFactory = _ => 4 };
        var publicSet = new Option<string?>("--public")
        {
            Description = "Cross-dataset: ⌈k/2⌉ private and ⌊k/2⌋ public images from fashion, mnist or cifar10-heldout (first 5,000 CIFAR-10 test images)",
        };
        publicSet.Validators.Add(r =>
        {
            string? name = r.GetValueOrDefault<string?>();
            if (ImageSets.PublicProblem(name) is { } problem) r.AddError($"--public {name}: {problem}");
        });
        var images = new Option<int>("--images") { Description = "N: how many private images (the first N training images)", DefaultValueFactory = _ => 100 };
        var perImage = new Option<int>("--encodings-per-image") { Description = "T: encodings of each private image (fresh keys each)", DefaultValueFactory = _ => 10 };
        var keepKeys = new Option<bool>("--keep-keys") { Description = "Also write the secret keys (indices.npy, lambdas.npy, masks.npy), for evaluating attacks" };
        var insecureSeed = new Option<long?>("--insecure-seed") { Description = "Draw the keys from a seeded generator: reproducible, and NOT private" };
        var output = new Option<string>("--out") { Description = "A new (or empty) folder for encodings.npy, labels.npy, manifest.json", Required = true }.Folder();
        var command = new Command("encode", "Encode the first N training images of a data set, T times each, with InstaHide; keys from the cryptographic generator.");
        foreach (Option o in new Option[] { dataDir, dataset, k, publicSet, images, perImage, keepKeys, insecureSeed, output }) command.Options.Add(o);
        command.SetAction(p =>
        {
            string name = p.GetValue(dataset)!, folder = p.GetValue(output)!;
            string? publicName = p.GetValue(publicSet);
            int n = p.GetValue(images), t = p.GetValue(perImage), kk = p.GetValue(k);
            if (n < 1) throw new UsageException($"--images must be ≥ 1, got {n}");
            if (t < 1) throw new UsageException($"--encodings-per-image must be ≥ 1, got {t}");
            if (kk < 1) throw new UsageException($"--k must be ≥ 1, got {kk}");
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir));
            try
            {
                InstaHideEncoding.CheckTarget(folder);
                ImageSplit data = ImageSets.Load(name, root);
                if (n > data.Train.Count) throw new UsageException($"--images {n}: {name} has {data.Train.Count} training images");
                ImageDataset? publicImages = publicName is null ? null : ImageSets.Public(publicName, name, data, root).Public;
                var options = new InstaHideOptions(kk, publicImages is null ? InstaHideMode.Inside : InstaHideMode.Cross);
                options.Validate(n, publicImages?.Count ?? 0);
                long? seed = p.GetValue(insecureSeed);
                KeySource random = seed is long s ? KeySource.Insecure(s) : KeySource.Secure();
                InstaHideManifest manifest = InstaHideEncoding.Write(folder, name, data.Train.Take(n), publicName, publicImages, options, t, random, p.GetValue(keepKeys));
                console.MarkupLine(Markup.Escape($"{manifest.Rows} encodings of {n} {name} images (k = {kk}, {options.Mode.ToString().ToLowerInvariant()}" +
                    $"{(publicName is null ? "" : $", public {publicName}")}) in {folder}; keys: {manifest.Keys}{(manifest.KeysKept ? ", written beside them" : ", not kept")}"));
                if (seed is not null) console.MarkupLine("[yellow]insecure: anyone who knows or guesses the seed can recompute the keys and undo the encoding[/]");
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
            {
                throw new UsageException(e.Message);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
