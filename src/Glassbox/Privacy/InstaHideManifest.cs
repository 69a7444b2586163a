using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Training;

namespace Glassbox.Privacy;

/// <summary>
/// What a folder of InstaHide encodings holds (manifest.json), enough with the raw data and the keys to recompute every
/// encoding: x = (byte/255 − Mean[c]) / Std[c] per channel (private and public images each with their own numbers), row
/// t·N + i encodes private image i (the first N training images of <see cref="Dataset"/>, in file order) in pass t,
/// e = mask ⊙ Σ_j λ_j x_(indices[j]) summed in float64 in slot order then rounded to float32; public images are indexed N + p.
/// </summary>
public sealed record InstaHideManifest(
    string Dataset,
    int Images,
    int EncodingsPerImage,
    int Channels,
    int Height,
    int Width,
    int Classes,
    int K,
    InstaHideMode Mode,
    double MaxCoefficient,
    double MinPrivateShare,
    PixelNormalization Normalization,
    string? PublicDataset,
    int PublicImages,
    PixelNormalization? PublicNormalization,
    string Keys,
    long? InsecureSeed,
    bool KeysKept,
    string Formula)
{
    public const string File = "manifest.json", Encodings = "encodings.npy", Labels = "labels.npy", Indices = "indices.npy",
        Lambdas = "lambdas.npy", Masks = "masks.npy";

    public const string FormulaText = "row t*N + i encodes private image i in pass t: " +
        "encoding = masks[row] * sum_j lambdas[row, j] * x[indices[row, j]] (float64 sum in slot order, rounded to float32), " +
        "x = (byte/255 - mean[c]) / std[c] with the private set's Normalization (public images: index - N, with PublicNormalization); " +
        "label = sum over the private slots (all k inside, the first ceil(k/2) cross) of lambda_j * onehot(y)";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [JsonIgnore] public int Rows => Images * EncodingsPerImage;
    [JsonIgnore] public int ImageSize => Channels * Height * Width;
    [JsonIgnore] public InstaHideOptions Options => new(K, Mode, MaxCoefficient, MinPrivateShare);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads and checks <paramref name="path"/>: one sentence naming the file and the field when it is wrong.</summary>
    public static InstaHideManifest Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: no InstaHide manifest (run `glassbox instahide encode` first)", path);
        InstaHideManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<InstaHideManifest>(System.IO.File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not an InstaHide manifest ({e.Message})");
        }
        if (manifest is null || manifest.Normalization is null || manifest.Dataset is null || manifest.Keys is null)
            throw new InvalidDataException($"{path}: not an InstaHide manifest (fields missing)");
        if (manifest.Images < 1 || manifest.EncodingsPerImage < 1 || manifest.Channels < 1 || manifest.Height < 1 || manifest.Width < 1 || manifest.Classes < 1)
            throw new InvalidDataException($"{path}: counts and image shape must be ≥ 1");
        if (manifest.Normalization.Mean.Count != manifest.Channels || manifest.Normalization.Std.Count != manifest.Channels)
            throw new InvalidDataException($"{path}: the normalisation has {manifest.Normalization.Mean.Count} channels, the images {manifest.Channels}");
        foreach (var n in manifest.PublicNormalization is null ? [manifest.Normalization] : new[] { manifest.Normalization, manifest.PublicNormalization })
            if (n.Std.Any(s => !(s > 0) || !double.IsFinite(s)) || n.Mean.Any(m => !double.IsFinite(m)))
                throw new InvalidDataException($"{path}: a normalisation needs finite means and standard deviations > 0, got mean [{string.Join(", ", n.Mean)}], std [{string.Join(", ", n.Std)}]");
        try
        {
            manifest.Options.Validate(manifest.Images, manifest.PublicImages);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return manifest;
    }
}
