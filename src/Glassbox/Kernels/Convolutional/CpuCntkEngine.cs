using System.Numerics;
using System.Runtime.Intrinsics;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// The CNTK on this machine's cores: images are prepared once per tile (channels padded, pixel deviations of every layer),
/// then the entries are shared among <paramref name="threads"/> threads, each with its own L1-sized workspace. Flip averaging
/// adds the entry against the mirror image: ½(K(x, z) + K(x, z̄)), where the second term is taken as whichever of (x, z̄) and
/// (x̄, z) — equal in exact arithmetic — comes first in order, so that the (i, j) and (j, i) entries are the same number.
/// </summary>
public sealed class CpuCntkEngine(CntkPrecision precision = CntkPrecision.Float32, int threads = 0) : ICntkEngine
{
    public CntkPrecision Precision { get; } = precision;
    public int Threads { get; } = threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>Float32 uses 16-lane AVX-512 vectors where the processor has them, else 8-lane AVX2 (the row sums differ in the last bits).</summary>
    public bool Wide { get; init; } = Vector512.IsHardwareAccelerated && Environment.GetEnvironmentVariable("GLASSBOX_CNTK_AVX2") is null;

    /// <summary>
    /// Bump <see cref="Revision"/> whenever a change alters the bits of a result (the order of a sum, a formula), so a job
    /// resumed across builds never mixes tiles of two versions.
    /// </summary>
    public const int Revision = 2;

    public string Identity => (Precision == CntkPrecision.Float64 ? "cpu-float64-x4" : Wide ? "cpu-float32-x16" : "cpu-float32-x8") + $"-r{Revision}";

    public CntkTile Compute(CntkArchitecture architecture, ImageBatch rows, ImageBatch cols) => Precision == CntkPrecision.Float64
        ? Compute<double, Vector256<double>, Double256>(architecture, rows, cols)
        : Wide ? Compute<float, Vector512<float>, Float512>(architecture, rows, cols)
        : Compute<float, Vector256<float>, Float256>(architecture, rows, cols);

    CntkTile Compute<T, TV, L>(CntkArchitecture arch, ImageBatch rows, ImageBatch cols)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where L : ISimdLanes<TV, T>
    {
        rows.Validated();
        cols.Validated();
        if (rows.Channels != cols.Channels || rows.Height != cols.Height || rows.Width != cols.Width)
            throw new ArgumentException($"images of {rows.Channels}×{rows.Height}×{rows.Width} cannot be paired with images of {cols.Channels}×{cols.Height}×{cols.Width}");
        arch.Validate(rows.Height, rows.Width);
        bool symmetric = ReferenceEquals(rows, cols);
        var geometry = new CntkGeometry(rows.Height, rows.Width, L.Count);
        var blocks = ReadoutBlocks.For(arch.Readout, rows.Height, rows.Width);
        int layers = arch.Depth - 1, n1 = rows.Count, n2 = cols.Count;

        PreparedImage<T>[] left = Prepare<T, TV, L>(geometry, rows, layers + 1);
        PreparedImage<T>[] right = symmetric ? left : Prepare<T, TV, L>(geometry, cols, layers + 1);
        PreparedImage<T>[]? mirroredLeft = arch.Flip ? Prepare<T, TV, L>(geometry, rows.Mirrored(), layers + 1) : null;
        PreparedImage<T>[]? mirroredRight = arch.Flip ? symmetric ? mirroredLeft : Prepare<T, TV, L>(geometry, cols.Mirrored(), layers + 1) : null;

        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < n1; i++)
            for (int j = symmetric ? i : 0; j < n2; j++) pairs.Add((i, j));
        var ntk = new double[layers * n1 * n2];
        var nngp = new double[layers * n1 * n2];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, worker =>
        {
            var recursion = new PairRecursion<T, TV, L>(geometry);
            Span<double> k = stackalloc double[layers], g = stackalloc double[layers];
            for (int p = worker; p < pairs.Count; p += Threads)
            {
                var (i, j) = pairs[p];
                k.Clear();
                g.Clear();
                var (x, z) = PreparedImage<T>.Ordered(left[i], right[j]);
                recursion.Accumulate(x, z, rows.Channels, arch.Depth, arch.Fix, blocks, k, g);
                if (mirroredLeft is not null && mirroredRight is not null)
                {
                    var one = PreparedImage<T>.Ordered(left[i], mirroredRight[j]);
                    var other = PreparedImage<T>.Ordered(mirroredLeft[i], right[j]);
                    var (fx, fz) = PreparedImage<T>.Compare(one, other) <= 0 ? one : other;
                    recursion.Accumulate(fx, fz, rows.Channels, arch.Depth, arch.Fix, blocks, k, g);
                    for (int l = 0; l < layers; l++) { k[l] *= 0.5; g[l] *= 0.5; }
                }
                for (int l = 0; l < layers; l++)
                {
                    ntk[(l * n1 + i) * n2 + j] = k[l];
                    nngp[(l * n1 + i) * n2 + j] = g[l];
                    if (symmetric)
                    {
                        ntk[(l * n1 + j) * n2 + i] = k[l];
                        nngp[(l * n1 + j) * n2 + i] = g[l];
                    }
                }
            }
        });
        return new CntkTile(n1, n2, arch.Depth, ntk, nngp);
    }

    PreparedImage<T>[] Prepare<T, TV, L>(CntkGeometry geometry, ImageBatch images, int depth)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where L : ISimdLanes<TV, T>
    {
        var prepared = new PreparedImage<T>[images.Count];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, worker =>
        {
            var recursion = new PairRecursion<T, TV, L>(geometry);
            for (int i = worker; i < images.Count; i += Threads)
                prepared[i] = recursion.Prepare(images.Image(i), images.Channels, depth);
        });
        return prepared;
    }
}
