using System.Runtime.InteropServices;
using Glassbox.Data;

namespace Glassbox.Kernels.Convolutional;

/// <summary>One tile of a job: rows r0 .. r0 + rows − 1 of X against columns c0 .. c0 + cols − 1 of X2 (or of X).</summary>
public readonly record struct CntkTileKey(int Row0, int Rows, int Col0, int Cols)
{
    public string FileName => $"tile-{Row0}-{Col0}.bin";
}

/// <summary>
/// A CNTK Gram matrix as a resumable job of tiles. Each tile is a pure function of (architecture, precision, its block of X,
/// its block of X2), computed by an <see cref="ICntkEngine"/> and saved atomically in the job's folder (all depths, NTK and
/// NNGP) before the manifest lists it — so a job killed at any instant and rerun computes only the tiles not listed, and
/// a tile could as well be computed on another machine and dropped into the folder. Without X2 only tiles on or above the
/// diagonal are computed. <see cref="WriteMatrix"/> assembles the matrix once every tile is there.
/// </summary>
public sealed class CntkKernelJob
{
    readonly ImageBatch x;
    readonly ImageBatch? x2;
    readonly ICntkEngine engine;
    CntkJobManifest manifest;

    public string Folder { get; }
    public CntkArchitecture Architecture { get; }
    public IReadOnlyList<CntkTileKey> Tiles { get; }
    public int Rows => x.Count;
    public int Cols => (x2 ?? x).Count;

    /// <summary>Opens the job in <paramref name="folder"/>: a new one, or the one there if it has the same identity (else throws, naming the setting).</summary>
    public CntkKernelJob(string folder, CntkArchitecture architecture, ImageBatch x, ImageBatch? x2, int tile, ICntkEngine engine)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tile, 1);
        (Folder, Architecture, this.x, this.x2, this.engine) = (folder, architecture, x.Validated(), x2?.Validated(), engine);
        if (x2 is not null && (x2.Channels != x.Channels || x2.Height != x.Height || x2.Width != x.Width))
            throw new ArgumentException($"X holds {x.Channels}×{x.Height}×{x.Width} images but X2 holds {x2.Channels}×{x2.Height}×{x2.Width}");
        architecture.Validate(x.Height, x.Width);
        var keys = new List<CntkTileKey>();
        for (int r0 = 0; r0 < Rows; r0 += tile)
            for (int c0 = x2 is null ? r0 : 0; c0 < Cols; c0 += tile)
                keys.Add(new CntkTileKey(r0, Math.Min(tile, Rows - r0), c0, Math.Min(tile, Cols - c0)));
        Tiles = keys;
        var wanted = new CntkJobManifest(architecture.ToString(), engine.Identity,
            CntkJobManifest.Fingerprint(x, x2), Rows, Cols, x2 is null, tile, []);
        CntkJobManifest? found = CntkJobManifest.Read(folder);
        if (found is not null && found.FirstDifference(wanted) is { } d)
            throw new InvalidOperationException(
                $"{folder} holds tiles of another job: its {d.Name} is {d.Recorded}, this one's is {d.Now}; remove the folder or choose another output");
        manifest = found ?? wanted;
        Directory.CreateDirectory(folder);
        manifest.Write(folder);
    }

    /// <summary>Tiles the manifest lists whose file is whole.</summary>
    public IReadOnlyList<CntkTileKey> Finished() => Tiles.Where(IsFinished).ToList();

    bool IsFinished(CntkTileKey key) =>
        manifest.Finished.Contains(key.FileName) && new FileInfo(Path.Combine(Folder, key.FileName)) is { Exists: true } f && f.Length == TileBytes(key);

    long TileBytes(CntkTileKey key) => 2L * (Architecture.Depth - 1) * key.Rows * key.Cols * sizeof(double);

    /// <summary>
    /// Computes the missing tiles; <paramref name="progress"/> gets the entries done so far (finished tiles included) after each
    /// tile. Holds the folder's lock file while it runs, so a second run on the same folder (another process, or another job
    /// object) is refused instead of racing this one on the manifest; the manifest is read again under the lock.
    /// </summary>
    public void Run(IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        using FileStream held = Lock(Folder);
        manifest = CntkJobManifest.Read(Folder) ?? manifest;
        long done = Finished().Sum(k => (long)k.Rows * k.Cols);
        progress?.Report(done);
        foreach (CntkTileKey key in Tiles.Where(k => !IsFinished(k)))
        {
            cancel.ThrowIfCancellationRequested();
            CntkTile tile = Compute(key);
            AtomicFile.Write(Path.Combine(Folder, key.FileName), stream =>
            {
                stream.Write(MemoryMarshal.AsBytes(tile.Ntk.AsSpan()));
                stream.Write(MemoryMarshal.AsBytes(tile.Nngp.AsSpan()));
            });
            manifest.Finished.Add(key.FileName);
            manifest.Write(Folder);
            done += (long)key.Rows * key.Cols;
            progress?.Report(done);
        }
    }

    /// <summary>The folder's lock: an exclusive open of <c>lock</c> (flock on Linux), released when the run ends or its process dies.</summary>
    static FileStream Lock(string folder)
    {
        string path = Path.Combine(folder, "lock");
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException)
        {
            throw new InvalidOperationException($"{folder} is in use by another run of this kernel job (it holds {path}); wait for that run to finish or stop it");
        }
    }

    /// <summary>The tile itself: on the diagonal of a symmetric job both sides are the same batch object.</summary>
    public CntkTile Compute(CntkTileKey key)
    {
        ImageBatch rows = x.Slice(key.Row0, key.Rows);
        ImageBatch cols = x2 is null && key.Row0 == key.Col0 ? rows : (x2 ?? x).Slice(key.Col0, key.Cols);
        return engine.Compute(Architecture, rows, cols);
    }

    CntkTile Load(CntkTileKey key)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, key.FileName));
        int half = (Architecture.Depth - 1) * key.Rows * key.Cols;
        ReadOnlySpan<double> values = MemoryMarshal.Cast<byte, double>(bytes);
        return new CntkTile(key.Rows, key.Cols, Architecture.Depth, values[..half].ToArray(), values[half..].ToArray());
    }

    /// <summary>Feeds the finished matrix of one kind and depth to <paramref name="sink"/> (mirroring tiles of a symmetric job).</summary>
    public void WriteMatrix(KernelKind kind, int depth, IKernelSink sink)
    {
        if (Finished().Count != Tiles.Count) throw new InvalidOperationException($"{Tiles.Count - Finished().Count} of {Tiles.Count} tiles are not computed yet");
        foreach (CntkTileKey key in Tiles)
        {
            CntkTile tile = Load(key);
            ReadOnlySpan<double> m = tile.Matrix(kind, depth);
            sink.Write(key.Row0, key.Col0, key.Rows, key.Cols, m);
            if (x2 is null && key.Row0 != key.Col0)
            {
                var mirrored = new double[m.Length];
                for (int i = 0; i < key.Rows; i++)
                    for (int j = 0; j < key.Cols; j++) mirrored[j * key.Rows + i] = m[i * key.Cols + j];
                sink.Write(key.Col0, key.Row0, key.Cols, key.Rows, mirrored);
            }
        }
    }

    /// <summary>The whole matrix of one kind and depth in memory, row-major.</summary>
    public double[] Matrix(KernelKind kind, int depth)
    {
        var sink = new ArrayKernelSink(Rows, Cols);
        WriteMatrix(kind, depth, sink);
        return sink.Data;
    }
}
