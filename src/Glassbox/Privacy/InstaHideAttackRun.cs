using System.Diagnostics;
using System.Text.Json;
using Glassbox.Data;
using Glassbox.Reporting;

namespace Glassbox.Privacy;

/// <summary>The summary written to attack.json.</summary>
public sealed record AttackReport(string Encodings, string Keys, string Dataset, int Images, int EncodingsPerImage, int K, InstaHideMode Mode, string? PublicDataset,
    string Similarity, double MaxSsim, double MeanSsim, double EncodingsClusteredCorrectly, double Seconds, IReadOnlyList<RecoveredImage> PerImage,
    IReadOnlyList<ClusteredEncoding>? PerEncoding);

/// <summary>
/// Runs <see cref="InstaHideAttack"/> on a folder of encodings and scores it against the true images, writing into a new or
/// empty folder: recovered.npy (N × C × H × W, pixels in [0, 1]), recovered.png (truth above recovered, 20 a row) and attack.json.
/// </summary>
public static class InstaHideAttackRun
{
    public const string Recovered = "recovered.npy", Grid = "recovered.png", Report = "attack.json";

    public static AttackReport Run(string encodingsFolder, string truthName, ImageSplit truthData, string outFolder, long seed = 1)
    {
        InstaHideFolder folder = InstaHideFolder.Load(encodingsFolder);
        InstaHideManifest m = folder.Manifest;
        if (truthName != m.Dataset) throw new ArgumentException($"the encodings in {encodingsFolder} are of {m.Dataset}, the truth named is {truthName}");
        if ((truthData.Train.Channels, truthData.Train.Height, truthData.Train.Width) != (m.Channels, m.Height, m.Width) || truthData.Train.Count < m.Images)
            throw new ArgumentException($"{truthName} does not hold {m.Images} images of {m.Channels}×{m.Height}×{m.Width}");
        InstaHideEncoding.CheckTarget(outFolder);
        var clock = Stopwatch.StartNew();
        AttackResult result = InstaHideAttack.Run(folder.Encodings, m.Images, m.Channels, m.Height, m.Width, m.Normalization, seed);
        double seconds = clock.Elapsed.TotalSeconds;

        ImageDataset truth = truthData.Train.Take(m.Images);
        double[] truthPixels = truth.Pixels.Select(b => b / 255.0).ToArray();
        AttackScore score = AttackEvaluation.Score(result, truthPixels, m.Channels, m.Height, m.Width, folder.Keys, m.Options.PrivateSlots);
        var report = new AttackReport(Path.GetFullPath(encodingsFolder), m.Keys, m.Dataset, m.Images, m.EncodingsPerImage, m.K, m.Mode, m.PublicDataset,
            "hand-made: cosine of |e| minus its per-pixel mean over all encodings; spherical k-means into N clusters",
            score.MaxSsim, score.MeanSsim, score.EncodingsClusteredCorrectly, seconds, score.Images, score.Encodings);

        string full = Path.GetFullPath(outFolder);
        string temp = $"{full.TrimEnd(Path.DirectorySeparatorChar)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(temp);
            var recoveredByImage = new float[result.Recovered.Length];
            for (int i = 0; i < m.Images; i++)
            {
                int c = score.Images[i].Cluster;
                for (int p = 0; p < m.ImageSize; p++) recoveredByImage[i * m.ImageSize + p] = (float)result.Recovered[c * m.ImageSize + p];
            }
            NpyArray.Write(Path.Combine(temp, Recovered), [m.Images, m.Channels, m.Height, m.Width], recoveredByImage.AsSpan());
            var rows = new List<double[][]>();
            for (int start = 0; start < m.Images; start += 20)
            {
                int count = Math.Min(20, m.Images - start);
                rows.Add(Enumerable.Range(start, count).Select(i => truthPixels.AsSpan(i * m.ImageSize, m.ImageSize).ToArray()).ToArray());
                rows.Add(Enumerable.Range(start, count).Select(i => recoveredByImage.AsSpan(i * m.ImageSize, m.ImageSize).ToArray().Select(v => (double)v).ToArray()).ToArray());
            }
            ImageGrid.WritePng(Path.Combine(temp, Grid), rows, m.Channels, m.Height, m.Width);
            AtomicFile.WriteText(Path.Combine(temp, Report), JsonSerializer.Serialize(report, new JsonSerializerOptions
            {
                WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            }));
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return report;
    }
}
