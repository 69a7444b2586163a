namespace Glassbox.Privacy;

/// <summary>
/// The secret keys of <see cref="Rows"/> InstaHide encodings: for row r and slot j, the image <c>Indices[r·K + j]</c>
/// (private images 0..N−1, public ones offset after them: N + p) with coefficient <c>Lambdas[r·K + j]</c>, and the
/// sign mask <c>Masks[r·ImageSize .. (r+1)·ImageSize)</c> (±1 per pixel and channel).
/// </summary>
public sealed record InstaHideKeys(int Rows, int K, int ImageSize, int[] Indices, float[] Lambdas, sbyte[] Masks)
{
    public ReadOnlySpan<int> IndicesOf(int row) => Indices.AsSpan(row * K, K);
    public ReadOnlySpan<float> LambdasOf(int row) => Lambdas.AsSpan(row * K, K);
    public ReadOnlySpan<sbyte> MaskOf(int row) => Masks.AsSpan(row * ImageSize, ImageSize);

    /// <summary>Checks the arrays' lengths against the shape; names <paramref name="source"/> when they disagree.</summary>
    public InstaHideKeys Checked(string source)
    {
        if (Rows < 0 || K < 1 || ImageSize < 1 || Indices.Length != (long)Rows * K || Lambdas.Length != (long)Rows * K || Masks.Length != (long)Rows * ImageSize)
            throw new InvalidDataException($"{source}: keys of {Indices.Length} indices, {Lambdas.Length} coefficients and {Masks.Length} signs " +
                $"do not fit {Rows} encodings of k = {K} and {ImageSize} values each");
        return this;
    }
}
