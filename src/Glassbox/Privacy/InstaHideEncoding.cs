using Glassbox.Data;
using Glassbox.Training;

namespace Glassbox.Privacy;

/// <summary>
/// Encodes the first N images of a data set, T times each, into a folder (see <see cref="InstaHideManifest"/>): the files
/// are written into a temporary sibling folder and moved into place together, so an interrupted run leaves nothing that
/// looks complete. The keys are written only when asked (they are the secret).
/// </summary>
public static class InstaHideEncoding
{
    public static InstaHideManifest Write(string folder, string datasetName, ImageDataset privateImages, string? publicName, ImageDataset? publicImages,
        InstaHideOptions options, int encodingsPerImage, KeySource random, bool keepKeys)
    {
        ArgumentNullException.ThrowIfNull(privateImages);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (publicImages is not null && (publicImages.Channels, publicImages.Height, publicImages.Width) != (privateImages.Channels, privateImages.Height, privateImages.Width))
            throw new ArgumentException($"the public images are {publicImages.Channels}×{publicImages.Height}×{publicImages.Width}, " +
                $"the private ones {privateImages.Channels}×{privateImages.Height}×{privateImages.Width}: they must have the same shape");
        options.Validate(privateImages.Count, publicImages?.Count ?? 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(encodingsPerImage, 1);
        CheckTarget(folder);

        var normalization = PixelNormalization.Of(privateImages);
        PixelNormalization? publicNormalization = publicImages is null ? null : PixelNormalization.Of(publicImages);
        double[] privateValues = Normalized(privateImages, normalization);
        double[] publicValues = publicImages is null ? [] : Normalized(publicImages, publicNormalization!);
        InstaHideKeys keys = InstaHideEncoder.Draw(options, privateImages.Count, publicImages?.Count ?? 0, encodingsPerImage, privateImages.ImageSize, random);
        float[] encodings = InstaHideEncoder.Encode(keys, privateValues, publicValues);
        float[] labels = InstaHideEncoder.Labels(keys, options.PrivateSlots, privateImages.Labels, privateImages.Classes);

        var manifest = new InstaHideManifest(datasetName, privateImages.Count, encodingsPerImage, privateImages.Channels, privateImages.Height,
            privateImages.Width, privateImages.Classes, options.K, options.Mode, options.MaxCoefficient, options.MinPrivateShare, normalization,
            publicName, publicImages?.Count ?? 0, publicNormalization, random.IsSecure ? "cryptographic" : $"INSECURE: replayable from seed {random.InsecureSeed}",
            random.InsecureSeed, keepKeys, InstaHideManifest.FormulaText);

        string full = Path.GetFullPath(folder);
        string temp = $"{full.TrimEnd(Path.DirectorySeparatorChar)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(temp);
            long rows = keys.Rows;
            NpyArray.Write(Path.Combine(temp, InstaHideManifest.Encodings), [rows, privateImages.Channels, privateImages.Height, privateImages.Width], encodings);
            NpyArray.Write(Path.Combine(temp, InstaHideManifest.Labels), [rows, privateImages.Classes], labels);
            if (keepKeys)
            {
                NpyArray.Write(Path.Combine(temp, InstaHideManifest.Indices), [rows, options.K], keys.Indices.AsSpan());
                NpyArray.Write(Path.Combine(temp, InstaHideManifest.Lambdas), [rows, options.K], keys.Lambdas.AsSpan());
                NpyArray.Write(Path.Combine(temp, InstaHideManifest.Masks), [rows, privateImages.Channels, privateImages.Height, privateImages.Width], keys.Masks.AsSpan());
            }
            AtomicFile.WriteText(Path.Combine(temp, InstaHideManifest.File), manifest.ToJson());
            if (Directory.Exists(full)) Directory.Delete(full); // checked empty above
            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return manifest;
    }

    /// <summary>The folder must be new or empty: encodings of another run must not be mixed with these.</summary>
    public static void CheckTarget(string folder)
    {
        if (File.Exists(folder)) throw new ArgumentException($"{folder} is a file; the encodings need a new folder");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ArgumentException($"{folder} is not empty; the encodings need a new or empty folder");
    }

    /// <summary>The images as (byte/255 − mean[c]) / std[c], one after another.</summary>
    public static double[] Normalized(ImageDataset images, PixelNormalization normalization)
    {
        var values = new double[(long)images.Count * images.ImageSize];
        int plane = images.Height * images.Width;
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<byte> image = images.Image(i);
            for (int p = 0; p < images.ImageSize; p++)
            {
                int c = p / plane;
                values[(long)i * images.ImageSize + p] = (image[p] / 255.0 - normalization.Mean[c]) / normalization.Std[c];
            }
        }
        return values;
    }
}

/// <summary>A folder written by <see cref="InstaHideEncoding.Write"/>, read back and checked against its manifest.</summary>
public sealed record InstaHideFolder(InstaHideManifest Manifest, float[] Encodings, float[] Labels, InstaHideKeys? Keys)
{
    public static InstaHideFolder Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder of InstaHide encodings");
        string manifestPath = Path.Combine(folder, InstaHideManifest.File);
        InstaHideManifest m = InstaHideManifest.Load(manifestPath);
        long rows = m.Rows;
        float[] encodings = Read<float>(folder, InstaHideManifest.Encodings, [rows, m.Channels, m.Height, m.Width], manifestPath);
        float[] labels = Read<float>(folder, InstaHideManifest.Labels, [rows, m.Classes], manifestPath);
        InstaHideKeys? keys = null;
        if (m.KeysKept)
        {
            int[] indices = Read<int>(folder, InstaHideManifest.Indices, [rows, m.K], manifestPath);
            float[] lambdas = Read<float>(folder, InstaHideManifest.Lambdas, [rows, m.K], manifestPath);
            sbyte[] masks = Read<sbyte>(folder, InstaHideManifest.Masks, [rows, m.Channels, m.Height, m.Width], manifestPath);
            int limit = m.Images + m.PublicImages;
            if (indices.Any(i => i < 0 || i >= limit))
                throw new InvalidDataException($"{Path.Combine(folder, InstaHideManifest.Indices)}: indices must lie in 0..{limit - 1} ({m.Images} private + {m.PublicImages} public images)");
            keys = new InstaHideKeys(m.Rows, m.K, m.ImageSize, indices, lambdas, masks).Checked(folder);
        }
        return new InstaHideFolder(m, encodings, labels, keys);
    }

    static T[] Read<T>(string folder, string file, long[] shape, string manifestPath) where T : unmanaged
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: missing (the manifest {manifestPath} lists it)", path);
        var (found, data) = NpyArray.Read<T>(path);
        if (!found.SequenceEqual(shape))
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", found)}), but the manifest {manifestPath} says ({string.Join(", ", shape)})");
        return data;
    }
}
