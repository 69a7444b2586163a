using System.Numerics;

namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// One image made ready for the engine: its channels as zero-padded planes, and for each ReLU step l the pixel deviations
/// L_l(p) = √Σ_l(p,p) and their reciprocals (0 where L is 0) — computed once per image in O(P) per layer, because a 3×3
/// convolution maps the pixel diagonal of the covariance to itself. <see cref="Raw"/> is kept to recognise a pair of equal images.
/// </summary>
internal sealed class PreparedImage<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required T[] Channels { get; init; }
    public required T[] Roots { get; init; }
    public required T[] InverseRoots { get; init; }
    public required double[] Raw { get; init; }

    /// <summary>Whether two images are equal value for value (their diagonal block then has ρ = 1 exactly).</summary>
    public bool SameAs(PreparedImage<T> other) =>
        ReferenceEquals(this, other) || Raw.AsSpan().SequenceEqual(other.Raw);

    /// <summary>
    /// The pair in a fixed orientation (the image whose values come first in lexicographic order first). K(x, z) = K(z, x) in exact
    /// arithmetic but not in the last bits, so every entry is computed in this orientation: then an entry is the same number
    /// whichever tile, side or order its two images come in.
    /// </summary>
    public static (PreparedImage<T> First, PreparedImage<T> Second) Ordered(PreparedImage<T> a, PreparedImage<T> b) =>
        Compare(a, b) <= 0 ? (a, b) : (b, a);

    /// <summary>Lexicographic order of two pairs of images.</summary>
    public static int Compare((PreparedImage<T> First, PreparedImage<T> Second) p, (PreparedImage<T> First, PreparedImage<T> Second) q)
    {
        int first = Compare(p.First, q.First);
        return first != 0 ? first : Compare(p.Second, q.Second);
    }

    static int Compare(PreparedImage<T> a, PreparedImage<T> b) => a.Raw.AsSpan().SequenceCompareTo(b.Raw);
}
