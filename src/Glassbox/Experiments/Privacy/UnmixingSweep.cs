using System.Globalization;
using System.Text;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Privacy;

/// <summary>
/// Experiment 6c over settings: <see cref="SingleEncodingUnmixing"/> for every k, inside and cross (public set as in the attack
/// sweep), on the first N private images of a data set. Seconds of work, so nothing to resume: writes DIR/summary.md,
/// DIR/unmixing.json and DIR/example.png (one row per setting: the first image's truth, then each estimate in the table's order).
/// </summary>
public static class UnmixingSweep
{
    public static IReadOnlyList<UnmixingResult> Run(string dataset, string root, int images, int[] ks, KeySource random, string folder)
    {
        ImageSplit data = ImageSets.Load(dataset, root);
        if (images < 1 || images > data.Train.Count) throw new ArgumentException($"images must be between 1 and {data.Train.Count}, got {images}");
        string publicName = ImageSets.DefaultPublic(dataset);
        ImageDataset privateImages = data.Train.Take(images);
        var results = new List<UnmixingResult>();
        foreach (InstaHideMode mode in new[] { InstaHideMode.Inside, InstaHideMode.Cross })
            foreach (int k in ks)
            {
                if (mode == InstaHideMode.Cross && k == 1) continue; // cross mixes at least one public image
                ImageDataset? publicImages = mode == InstaHideMode.Cross ? ImageSets.Public(publicName, dataset, data, root).Public : null;
                results.Add(SingleEncodingUnmixing.Run(privateImages, publicImages, new InstaHideOptions(k, mode), random));
            }
        Directory.CreateDirectory(folder);
        string keys = random.IsSecure ? "cryptographic" : $"INSECURE seed {random.InsecureSeed}";
        AtomicFile.WriteText(Path.Combine(folder, "summary.md"), Summary(dataset, publicName, images, keys, results));
        AtomicFile.WriteText(Path.Combine(folder, "unmixing.json"), JsonSerializer.Serialize(
            new { dataset, publicName, images, keys, settings = results.Select(r => new { r.K, Mode = r.Mode.ToString().ToLowerInvariant(), r.Rows }) },
            new JsonSerializerOptions { WriteIndented = true }));
        ImageGrid.WritePng(Path.Combine(folder, "example.png"), results.Select(r => r.Example).ToList(),
            privateImages.Channels, privateImages.Height, privateImages.Width);
        return results;
    }

    static string Summary(string dataset, string publicName, int images, string keys, IReadOnlyList<UnmixingResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"# What one encoding reveals: {images} private {dataset} images, one encoding each (public set for cross: {publicName}; keys {keys})");
        text.AppendLine();
        text.AppendLine("Mean SSIM to the private image (median, max in brackets). m = σ⊙e is the encoding with its mask undone: the mixup of the same images.");
        text.AppendLine();
        var first = results[0].Rows;
        text.AppendLine("| k | mode | " + string.Join(" | ", first.Select(r => r.Estimate)) + " |");
        text.AppendLine("|---|---|" + string.Concat(first.Select(_ => "---|")));
        foreach (var r in results)
        {
            string cells = string.Join(" | ", r.Rows.Select(row => string.Create(CultureInfo.InvariantCulture, $"{row.MeanSsim:0.000} ({row.MedianSsim:0.000}, {row.MaxSsim:0.000})")));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.K} | {r.Mode.ToString().ToLowerInvariant()} | {cells} |");
        }
        text.AppendLine();
        text.AppendLine("Who knows what: " + string.Join("; ", first.Select(r => $"{r.Estimate}: {r.Knows}")) + ".");
        return text.ToString();
    }
}
