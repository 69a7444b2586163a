using System.Security.Cryptography;
using System.Text.Json;
using System.Runtime.InteropServices;
using Glassbox.Data;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// What a tiled CNTK job is, written beside its tiles: every setting that changes a tile's bits (architecture, the engine's
/// precision and vector width, the data's SHA-256, the tiling) and the tiles finished so far. A rerun reuses tiles only under an equal identity.
/// </summary>
public sealed record CntkJobManifest(
    string Architecture, string Engine, string Data, int Rows, int Cols, bool Symmetric, int Tile, List<string> Finished)
{
    public const string FileName = "manifest.json";

    /// <summary>The settings a tile depends on, by name, for saying which one differs.</summary>
    public IEnumerable<(string Name, string Value)> Identity() =>
    [
        ("architecture", Architecture), ("engine (precision and vector width)", Engine),
        ("data (SHA-256 of the images)", Data), ("rows", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("columns", Cols.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("symmetric (no --x2)", Symmetric ? "yes" : "no"),
        ("tile", Tile.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>The first setting in which <paramref name="other"/> differs, or null when both describe the same job.</summary>
    public (string Name, string Recorded, string Now)? FirstDifference(CntkJobManifest other) =>
        Identity().Zip(other.Identity()).Where(p => p.First.Value != p.Second.Value)
            .Select(p => ((string, string, string)?)(p.First.Name, p.First.Value, p.Second.Value)).FirstOrDefault();

    public static CntkJobManifest? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        CntkJobManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<CntkJobManifest>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DataFormatException(path, "the whole file", "a CNTK job manifest (JSON; remove the folder to start afresh)", e.Message); }
        if (manifest is null || manifest.Architecture is null || manifest.Engine is null || manifest.Data is null)
            throw new DataFormatException(path, "the whole file", "a CNTK job manifest with its architecture, engine and data (remove the folder to start afresh)", "fields missing");
        return manifest with { Finished = manifest.Finished ?? [] };
    }

    public void Write(string folder) =>
        AtomicFile.WriteText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>SHA-256 over the shapes and values of the images (and of the second set, if any).</summary>
    public static string Fingerprint(ImageBatch x, ImageBatch? x2)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (ImageBatch batch in x2 is null ? [x] : new[] { x, x2 })
        {
            hash.AppendData(MemoryMarshal.AsBytes<int>([batch.Count, batch.Channels, batch.Height, batch.Width]));
            hash.AppendData(MemoryMarshal.AsBytes(batch.Data.AsSpan()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
