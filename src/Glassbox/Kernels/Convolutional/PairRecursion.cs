using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// The authors' CNTK recursion (Arora et al. 2019, ruosongwang/CNTK) for one pair of images, one diagonal block at a time.
/// A block holds the pixel pairs (p, p + δ) for one offset δ; the 3×3 convolution S′[p,p′] = Σ_a S[p+a, p′+a] maps a block to
/// itself as a plain 3×3 box sum with zero padding, and the ReLU step is elementwise, so every layer of a block runs in L1 cache
/// (a 32×32 block is 4 KB in float32) and only the block sums leave it. Per layer and element: the ReLU step
/// ρ = S/(Lx Lz), S′ = (ρ(π − arccos ρ) + √(1 − ρ²))·Lx Lz/(9π), Ṡ = (π − arccos ρ)/(9π), T ← T Ṡ + S′, then the box sums of
/// S and T as two passes of 3 (rows, then columns). The pixels of an image met with itself (δ = 0 of equal images) have ρ = 1
/// exactly, S′ = S/9, Ṡ = 1/9; the per-image deviations come from that same code, so the two stay bit-equal.
/// One instance is one thread's workspace; <typeparamref name="L"/> supplies the SIMD operations on vectors <typeparamref name="TV"/>.
/// </summary>
internal sealed class PairRecursion<T, TV, L> where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where L : ISimdLanes<TV, T>
{
    readonly CntkGeometry g;
    readonly T[] s, t, tmp;
    readonly TV[] masks;
    int maskedWidth = -1;

    static readonly T Ninth = T.One / T.CreateTruncating(9.0);
    static readonly T InverseNinePi = T.One / T.CreateTruncating(9.0 * Math.PI);

    public PairRecursion(CntkGeometry geometry)
    {
        g = geometry;
        s = new T[g.PlaneSize];
        t = new T[g.PlaneSize];
        tmp = new T[g.PlaneSize];
        masks = new TV[g.Chunks];
    }

    /// <summary>Pads the image's channels and runs its diagonal block to get the pixel deviations of ReLU steps 0 .. depth − 2.</summary>
    public PreparedImage<T> Prepare(ReadOnlySpan<double> image, int channels, int depth)
    {
        int h = g.Height, w = g.Width, ext = g.ExtSize;
        var planes = new T[channels * ext];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    planes[c * ext + i * g.ExtCols + j] = T.CreateTruncating(image[(c * h + i) * w + j]);
        var roots = new T[(depth - 1) * ext];
        var inverse = new T[(depth - 1) * ext];
        StartBlock(planes, planes, channels, 0, 0, fix: true);
        for (int layer = 0; layer < depth - 1; layer++)
        {
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    T root = T.Sqrt(s[(i + 1) * g.Stride + 1 + j]);
                    roots[layer * ext + i * g.ExtCols + j] = root;
                    inverse[layer * ext + i * g.ExtCols + j] = root > T.Zero ? T.One / root : T.Zero;
                }
            Relu(null, null, 0, 0, 0, h, g.Chunks);
            if (layer < depth - 2) Convolve(s, h, w, g.Chunks);
        }
        return new PreparedImage<T> { Channels = planes, Roots = roots, InverseRoots = inverse, Raw = image.ToArray() };
    }

    /// <summary>
    /// Adds weight × (block sums) of every listed block to the per-depth totals: ntk[l] and nngp[l] for the readout after ReLU
    /// step l (depth l + 2). With <paramref name="fix"/> the first layer is frozen (T starts at 0) and the last one too (T − S).
    /// </summary>
    public void Accumulate(PreparedImage<T> x, PreparedImage<T> z, int channels, int depth, bool fix,
        IReadOnlyList<(int Dx, int Dy, double Weight)> blocks, Span<double> ntk, Span<double> nngp)
    {
        bool same = x.SameAs(z);
        foreach (var (dx, dy, weight) in blocks)
        {
            int hx = g.Height - Math.Abs(dx), hy = g.Width - Math.Abs(dy);
            int chunks = (hy + g.Lanes - 1) / g.Lanes;
            int xOffset = Math.Max(0, -dx) * g.ExtCols + Math.Max(0, -dy);
            int zOffset = Math.Max(0, dx) * g.ExtCols + Math.Max(0, dy);
            bool exact = same && dx == 0 && dy == 0;
            StartBlock(x.Channels, z.Channels, channels, dx, dy, fix);
            for (int layer = 0; layer < depth - 1; layer++)
            {
                var (sumS, sumT) = exact ? Relu(null, null, 0, 0, 0, hx, chunks) : Relu(x, z, layer, xOffset, zOffset, hx, chunks);
                ntk[layer] += weight * (fix ? sumT - sumS : sumT);
                nngp[layer] += weight * sumS;
                if (layer < depth - 2)
                {
                    Convolve(s, hx, hy, chunks);
                    Convolve(t, hx, hy, chunks);
                }
            }
        }
    }

    /// <summary>S = the 3×3 box sum of Σ_c x_c(p) z_c(p + δ) over the block; T = S, or 0 with a frozen first layer.</summary>
    void StartBlock(T[] xPlanes, T[] zPlanes, int channels, int dx, int dy, bool fix)
    {
        Array.Clear(s);
        Array.Clear(t);
        Array.Clear(tmp);
        int hx = g.Height - Math.Abs(dx), hy = g.Width - Math.Abs(dy);
        int chunks = (hy + g.Lanes - 1) / g.Lanes;
        int xOffset = Math.Max(0, -dx) * g.ExtCols + Math.Max(0, -dy);
        int zOffset = Math.Max(0, dx) * g.ExtCols + Math.Max(0, dy);
        ref T xs = ref MemoryMarshal.GetArrayDataReference(xPlanes);
        ref T zs = ref MemoryMarshal.GetArrayDataReference(zPlanes);
        ref T sp = ref MemoryMarshal.GetArrayDataReference(s);
        for (int u = 0; u < hx; u++)
            for (int k = 0; k < chunks; k++)
            {
                int e = u * g.ExtCols + k * g.Lanes;
                TV sum = L.Zero;
                for (int c = 0; c < channels; c++)
                    sum = L.Add(sum, L.Multiply(L.Load(ref xs, (nuint)(c * g.ExtSize + xOffset + e)), L.Load(ref zs, (nuint)(c * g.ExtSize + zOffset + e))));
                L.Store(sum, ref sp, (nuint)((u + 1) * g.Stride + 1 + k * g.Lanes));
            }
        Convolve(s, hx, hy, chunks);
        if (!fix) Array.Copy(s, t, s.Length);
    }

    /// <summary>
    /// The ReLU step on a block, returning the block sums of the new S and T. With <paramref name="x"/> null every pixel meets
    /// itself (ρ = 1): S′ = S/9, T′ = T/9 + S′, the same operations for a pair of equal images and for an image's own deviations.
    /// </summary>
    (double SumS, double SumT) Relu(PreparedImage<T>? x, PreparedImage<T>? z, int layer, int xOffset, int zOffset, int hx, int chunks)
    {
        ref T sp = ref MemoryMarshal.GetArrayDataReference(s);
        ref T tp = ref MemoryMarshal.GetArrayDataReference(t);
        bool exact = x is null || z is null;
        ref T lx = ref MemoryMarshal.GetArrayDataReference(exact ? s : x!.Roots);
        ref T ilx = ref MemoryMarshal.GetArrayDataReference(exact ? s : x!.InverseRoots);
        ref T lz = ref MemoryMarshal.GetArrayDataReference(exact ? s : z!.Roots);
        ref T ilz = ref MemoryMarshal.GetArrayDataReference(exact ? s : z!.InverseRoots);
        TV minusOne = L.Splat(-T.One), one = L.Splat(T.One), scale = L.Splat(InverseNinePi), ninth = L.Splat(Ninth);
        int layerOffset = layer * g.ExtSize, lanes = g.Lanes, stride = g.Stride, extCols = g.ExtCols;
        // Lane sums in float over 8 rows at a time, then added up in double: a horizontal sum after every row cost as much as
        // a narrow row itself, while a whole block summed in float lanes lost two digits (2e-7 relative on a 32×32 block).
        TV blockS = L.Zero, blockT = L.Zero;
        double totalS = 0, totalT = 0;
        for (int u = 0; u < hx; u++)
        {
            if ((u & 7) == 7)
            {
                totalS += double.CreateTruncating(L.Sum(blockS));
                totalT += double.CreateTruncating(L.Sum(blockT));
                blockS = blockT = L.Zero;
            }
            int row = (u + 1) * stride + 1, xRow = layerOffset + xOffset + u * extCols, zRow = layerOffset + zOffset + u * extCols;
            for (int k = 0; k < chunks; k++)
            {
                int o = k * lanes;
                TV sv = L.Load(ref sp, (nuint)(row + o)), tv = L.Load(ref tp, (nuint)(row + o)), sNew, tNew;
                if (exact)
                {
                    sNew = L.Multiply(sv, ninth);
                    tNew = L.MultiplyAdd(tv, ninth, sNew);
                }
                else
                {
                    TV rho = L.Multiply(L.Multiply(sv, L.Load(ref ilx, (nuint)(xRow + o))), L.Load(ref ilz, (nuint)(zRow + o)));
                    rho = L.Min(L.Max(rho, minusOne), one);
                    TV angle = L.Supplement(rho); // π − arccos ρ
                    TV root = L.Multiply(L.Load(ref lx, (nuint)(xRow + o)), L.Load(ref lz, (nuint)(zRow + o)));
                    TV sine = L.Sqrt(L.Max(L.Subtract(one, L.Multiply(rho, rho)), L.Zero));
                    sNew = L.Multiply(L.Multiply(L.MultiplyAdd(rho, angle, sine), root), scale);
                    tNew = L.MultiplyAdd(tv, L.Multiply(angle, scale), sNew);
                }
                L.Store(sNew, ref sp, (nuint)(row + o));
                L.Store(tNew, ref tp, (nuint)(row + o));
                blockS = L.Add(blockS, sNew);
                blockT = L.Add(blockT, tNew);
            }
        }
        return (totalS + double.CreateTruncating(L.Sum(blockS)), totalT + double.CreateTruncating(L.Sum(blockT)));
    }

    /// <summary>
    /// In place, the 3×3 box sum with zero padding over an hx×hy block: along each row (masking columns ≥ hy, which must stay
    /// zero), then down the columns.
    /// </summary>
    void Convolve(T[] plane, int hx, int hy, int chunks)
    {
        TV[] mask = Masks(hy);
        ref T p = ref MemoryMarshal.GetArrayDataReference(plane);
        ref T q = ref MemoryMarshal.GetArrayDataReference(tmp);
        int stride = g.Stride, lanes = g.Lanes;
        for (int u = 0; u < hx; u++)
        {
            int row = (u + 1) * stride + 1;
            for (int k = 0; k < chunks; k++)
            {
                nuint at = (nuint)(row + k * lanes);
                TV sum = L.Add(L.Add(L.Load(ref p, at - 1), L.Load(ref p, at)), L.Load(ref p, at + 1));
                L.Store(L.And(sum, mask[k]), ref q, at);
            }
        }
        for (int u = 0; u < hx; u++)
        {
            int row = (u + 1) * stride + 1;
            for (int k = 0; k < chunks; k++)
            {
                nuint at = (nuint)(row + k * lanes);
                L.Store(L.Add(L.Add(L.Load(ref q, at - (nuint)stride), L.Load(ref q, at)), L.Load(ref q, at + (nuint)stride)), ref p, at);
            }
        }
    }

    TV[] Masks(int hy)
    {
        if (hy == maskedWidth) return masks;
        for (int k = 0; k < masks.Length; k++)
            masks[k] = L.LessThan(L.Add(L.Indices, L.Splat(T.CreateTruncating(k * g.Lanes))), L.Splat(T.CreateTruncating(hy)));
        maskedWidth = hy;
        return masks;
    }
}
