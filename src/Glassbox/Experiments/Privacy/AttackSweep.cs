using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Reporting;
using ScottPlot;

namespace Glassbox.Experiments.Privacy;

/// <summary>One setting of the attack sweep: k images an encoding, inside or cross, T encodings an image.</summary>
public sealed record AttackSetting(int K, InstaHideMode Mode, int PerImage)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"k{K}-{Mode.ToString().ToLowerInvariant()}-t{PerImage}");
}

/// <summary>A finished setting: the attack's figures and the seconds the encoding and the attack took.</summary>
public sealed record AttackSweepRow(AttackSetting Setting, double MaxSsim, double MeanSsim, double ClusteredCorrectly, double Seconds);

/// <summary>
/// Experiment 6b of issue 12: the attack's max and mean SSIM against k and T, inside and cross, on the first N private images
/// of a data set (public images: Fashion-MNIST for MNIST, the held-out CIFAR-10 test half for CIFAR-10). Each setting encodes
/// with fresh cryptographic keys into DIR/NAME/encodings, attacks into DIR/NAME/attack, then deletes the encodings; a setting
/// whose attack.json exists is reused, so a killed sweep resumes. Writes DIR/summary.md and DIR/ssim.png.
/// </summary>
public static class AttackSweep
{
    public static IReadOnlyList<AttackSetting> Settings(int[] ks, int[] perImage) =>
        (from mode in new[] { InstaHideMode.Inside, InstaHideMode.Cross } from k in ks from t in perImage
         where mode == InstaHideMode.Inside || k > 1 // cross-dataset mixes at least one public image
         select new AttackSetting(k, mode, t)).ToList();

    public static IReadOnlyList<AttackSweepRow> Run(string dataset, string root, int images, IReadOnlyList<AttackSetting> settings, string folder,
        IProgress<(int Done, int Total, string Name)>? progress = null)
    {
        ImageSplit data = ImageSets.Load(dataset, root);
        string publicName = ImageSets.DefaultPublic(dataset);
        if (images < 1 || images > data.Train.Count) throw new ArgumentException($"images must be between 1 and {data.Train.Count}, got {images}");
        // Every setting is checked before the first one runs, so a bad one fails at once, not after minutes of work.
        int publicCount = settings.Any(s => s.Mode == InstaHideMode.Cross) ? ImageSets.Public(publicName, dataset, data, root).Public.Count : 0;
        foreach (AttackSetting setting in settings)
            new InstaHideOptions(setting.K, setting.Mode).Validate(images, setting.Mode == InstaHideMode.Cross ? publicCount : 0);
        var rows = new List<AttackSweepRow>();
        for (int s = 0; s < settings.Count; s++)
        {
            AttackSetting setting = settings[s];
            progress?.Report((s, settings.Count, setting.Name));
            string here = Path.Combine(folder, setting.Name), encodings = Path.Combine(here, "encodings"), attack = Path.Combine(here, "attack");
            string reportPath = Path.Combine(attack, InstaHideAttackRun.Report), timePath = Path.Combine(here, "seconds.txt");
            if (!File.Exists(reportPath) || !SameRun(reportPath, dataset, images, setting))
            {
                if (Directory.Exists(here)) Directory.Delete(here, recursive: true); // an unfinished setting starts again
                var clock = Stopwatch.StartNew();
                ImageDataset? publicImages = setting.Mode == InstaHideMode.Cross ? ImageSets.Public(publicName, dataset, data, root).Public : null;
                InstaHideEncoding.Write(encodings, dataset, data.Train.Take(images), setting.Mode == InstaHideMode.Cross ? publicName : null, publicImages,
                    new InstaHideOptions(setting.K, setting.Mode), setting.PerImage, KeySource.Secure(), keepKeys: true);
                InstaHideAttackRun.Run(encodings, dataset, data, attack);
                Directory.Delete(encodings, recursive: true);
                AtomicFile.WriteText(timePath, clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            }
            AttackReport report = Read(reportPath) ?? throw new InvalidDataException($"{reportPath}: not a readable attack report");
            double seconds = File.Exists(timePath) ? double.Parse(File.ReadAllText(timePath), CultureInfo.InvariantCulture) : double.NaN;
            rows.Add(new AttackSweepRow(setting, report.MaxSsim, report.MeanSsim, report.EncodingsClusteredCorrectly, seconds));
        }
        progress?.Report((settings.Count, settings.Count, "done"));
        AtomicFile.WriteText(Path.Combine(folder, "summary.md"), Summary(dataset, publicName, images, rows));
        Plot(dataset, rows, Path.Combine(folder, "ssim.png"));
        return rows;
    }

    /// <summary>Whether a finished setting's report was computed for this data set, image count, k, mode and T, by the current
    /// scoring (a report without per-encoding results predates the fix that counts a repeated image once).</summary>
    static bool SameRun(string reportPath, string dataset, int images, AttackSetting setting)
    {
        AttackReport? r = Read(reportPath);
        return r is not null && r.PerEncoding is not null && r.Dataset == dataset && r.Images == images && r.K == setting.K && r.Mode == setting.Mode && r.EncodingsPerImage == setting.PerImage;
    }

    static AttackReport? Read(string reportPath)
    {
        try { return JsonSerializer.Deserialize<AttackReport>(File.ReadAllText(reportPath), ReportJson); }
        catch (JsonException) { return null; }
    }

    static readonly JsonSerializerOptions ReportJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    static string Summary(string dataset, string publicName, int images, IReadOnlyList<AttackSweepRow> rows)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# InstaHide attack on {images} private {dataset} images (public set for cross: {publicName})");
        text.AppendLine();
        text.AppendLine("| k | mode | encodings per image | max SSIM | mean SSIM | encodings clustered with one of their images | seconds |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Setting.K} | {r.Setting.Mode.ToString().ToLowerInvariant()} | {r.Setting.PerImage} | {r.MaxSsim:0.000} | {r.MeanSsim:0.000} | {r.ClusteredCorrectly:P1} | {r.Seconds:0.0} |");
        return text.ToString();
    }

    static void Plot(string dataset, IReadOnlyList<AttackSweepRow> rows, string path)
    {
        var plot = new Plot();
        foreach (var group in rows.GroupBy(r => (r.Setting.K, r.Setting.Mode)))
        {
            var points = group.OrderBy(r => r.Setting.PerImage).ToList();
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Setting.PerImage)).ToArray(), points.Select(p => p.MeanSsim).ToArray());
            line.LegendText = $"k = {group.Key.K}, {group.Key.Mode.ToString().ToLowerInvariant()} (mean)";
            line.LinePattern = group.Key.Mode == InstaHideMode.Cross ? LinePattern.Dashed : LinePattern.Solid;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            rows.Select(r => r.Setting.PerImage).Distinct().Select(t => new Tick(Math.Log10(t), t.ToString(CultureInfo.InvariantCulture))).ToArray());
        plot.Title($"InstaHide attack on {dataset}: mean SSIM of the recovered private images");
        plot.XLabel("encodings per private image (T, log scale)");
        plot.YLabel("mean SSIM (1 = recovered exactly)");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Edge.Right);
        PlotFiles.SaveAtomically(plot, path, 1000, 600);
    }
}
