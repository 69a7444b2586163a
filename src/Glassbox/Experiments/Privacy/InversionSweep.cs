using System.Globalization;
using System.Text;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Inversion;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Privacy;

/// <summary>What a gradient-inversion sweep runs: the data set, the net, the images (batch 1 each), the attack's budget.</summary>
public sealed record InversionSweepOptions(string Dataset, string Model, int Iterations, int Restarts, long Seed);

/// <summary>One finished case: the defence, the image, how close the attack came (to the image; to what the party fed, for InstaHide),
/// whether it got the label, and the recovered pixels (0–255, for the picture grid).</summary>
public sealed record InversionCase(string Defense, int Index, double Ssim, double Mse, double? SsimToInput, bool LabelRight,
    double? GradientDistance, double Seconds, byte[] Recovered);

/// <summary>One defence over all images: mean SSIM and MSE to the private image, labels recovered, mean SSIM to the fed input.</summary>
public sealed record InversionSummaryRow(string Defense, int Images, double MeanSsim, double MaxSsim, double MeanMse, int LabelsRight, double? MeanSsimToInput, double MeanSeconds);

/// <summary>
/// Experiment d of the private-learning chapter: gradient inversion (DLG) of single images under each defence — none,
/// noise, pruning, DP clipping + noise, InstaHide — one case per (defence, image). Each finished case is appended to
/// DIR/cases.jsonl (atomically), so a killed sweep resumes where it stopped; the settings go to DIR/sweep.json and a rerun
/// with other settings is refused. At the end: DIR/summary.md and DIR/grid.png (the true images, then one row per defence).
/// </summary>
public static class InversionSweep
{
    public const string CasesFile = "cases.jsonl", SettingsFile = "sweep.json", SummaryFile = "summary.md", GridFile = "grid.png";

    public static IReadOnlyList<InversionSummaryRow> Run(ImageDataset train, InversionSweepOptions options, int[] indices, IReadOnlyList<string> defenses,
        KeySource keys, string folder, IProgress<(int Done, int Total, string Case)>? progress = null, CancellationToken cancel = default)
    {
        // Every defence checked before the first runs; the same defence written twice (noise:0.01, noise:0.010) runs once.
        SharedGradient[] parsed = defenses.Select(SharedGradient.Parse).DistinctBy(d => d.ToString()).ToArray();
        indices = indices.Distinct().ToArray();
        if (indices.Length == 0 || parsed.Length == 0) throw new ArgumentException("a sweep needs at least one image and one defence");
        foreach (int i in indices)
            if (i < 0 || i >= train.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"image {i}: the data set has {train.Count} training images");
        if (options.Iterations < 1 || options.Restarts < 1) throw new ArgumentOutOfRangeException(nameof(options), "iterations and restarts must be ≥ 1");

        Directory.CreateDirectory(folder);
        string settingsPath = Path.Combine(folder, SettingsFile), settings = JsonSerializer.Serialize(options) + $" {Trainer(train)} keys {(keys.IsSecure ? "cryptographic" : $"INSECURE seed {keys.InsecureSeed}")}";
        if (File.Exists(settingsPath) && File.ReadAllText(settingsPath) != settings)
            throw new InvalidDataException($"{settingsPath} belongs to a sweep with other settings (saved: {File.ReadAllText(settingsPath)}; now: {settings}); choose another --out");
        AtomicFile.WriteText(settingsPath, settings);
        var file = new JsonLinesFile<InversionCase>(Path.Combine(folder, CasesFile), "inversion case");
        List<InversionCase> cases = file.Load();
        int total = parsed.Length * indices.Length, done = 0;
        foreach (SharedGradient defense in parsed)
            foreach (int index in indices)
            {
                string name = defense.ToString();
                if (cases.Any(c => c.Defense == name && c.Index == index)) { progress?.Report((++done, total, $"{name} image {index} (done before)")); continue; }
                cancel.ThrowIfCancellationRequested();
                InversionResult r = InversionSetup.Run(train, options.Model, index, 1, defense, options.Iterations, options.Restarts, options.Seed, keys, cancel: cancel);
                InvertedImage image = r.Images[0];
                cases.Add(new InversionCase(name, index, image.Ssim, image.Mse, image.SsimToInput, image.Label == image.TrueLabel,
                    double.IsFinite(r.GradientDistance) ? r.GradientDistance : null, r.Seconds, r.Recovered.Select(v => (byte)Math.Round(255 * v)).ToArray()));
                file.Save(cases);
                progress?.Report((++done, total, $"{name} image {index}: SSIM {image.Ssim:0.000}"));
            }

        var rows = parsed.Select(d => d.ToString()).Select(name =>
        {
            var mine = cases.Where(c => c.Defense == name && indices.Contains(c.Index)).ToList();
            return new InversionSummaryRow(name, mine.Count, mine.Average(c => c.Ssim), mine.Max(c => c.Ssim), mine.Average(c => c.Mse), mine.Count(c => c.LabelRight),
                mine.All(c => c.SsimToInput is null) ? null : mine.Average(c => c.SsimToInput ?? double.NaN), mine.Average(c => c.Seconds));
        }).ToList();
        AtomicFile.WriteText(Path.Combine(folder, SummaryFile), Summary(train, options, indices, keys, rows));
        int size = train.ImageSize;
        var grid = new List<double[][]> { indices.Select(i => train.Pixels.AsSpan(i * size, size).ToArray().Select(v => v / 255.0).ToArray()).ToArray() };
        foreach (var row in rows)
            grid.Add(indices.Select(i => cases.First(c => c.Defense == row.Defense && c.Index == i).Recovered.Select(v => v / 255.0).ToArray()).ToArray());
        string tempGrid = Path.Combine(folder, GridFile + ".partial");
        ImageGrid.WritePng(tempGrid, grid, train.Channels, train.Height, train.Width);
        File.Move(tempGrid, Path.Combine(folder, GridFile), overwrite: true);
        return rows;
    }

    static string Trainer(ImageDataset train) => $"train {train.Count}×{train.Channels}×{train.Height}×{train.Width} {Glassbox.Training.Trainer.Fingerprint(train)}";

    static string Summary(ImageDataset train, InversionSweepOptions options, int[] indices, KeySource keys, IReadOnlyList<InversionSummaryRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"# Gradient inversion (DLG) of single {options.Dataset} images {string.Join(", ", indices)} on {options.Model}: {options.Iterations} L-BFGS steps, {options.Restarts} restarts, seed {options.Seed}");
        text.AppendLine();
        text.AppendLine("SSIM and MSE of the recovered image against the private one (1 = pixel-exact). For InstaHide the party's gradient is of an encoding; " +
                        "\"SSIM to input\" scores the recovered image against that encoding (shown as (e + 1)/2), i.e. whether the attack itself worked. " +
                        $"InstaHide keys: {(keys.IsSecure ? "cryptographic" : $"INSECURE seed {keys.InsecureSeed}")}.");
        text.AppendLine();
        text.AppendLine("| defence | images | mean SSIM | max SSIM | mean MSE | labels right | SSIM to input | s per image |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Defense} | {r.Images} | {r.MeanSsim:0.000} | {r.MaxSsim:0.000} | {r.MeanMse:0.0000} | {r.LabelsRight}/{r.Images} | {(r.MeanSsimToInput is double s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {r.MeanSeconds:0} |");
        text.AppendLine();
        text.AppendLine($"{GridFile}: the true images on top, then one row per defence in the table's order.");
        return text.ToString();
    }
}
