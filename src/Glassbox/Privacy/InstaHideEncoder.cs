namespace Glassbox.Privacy;

/// <summary>
/// InstaHide's encoding (Huang, Song, Li, Arora, ICML 2020): e = σ ⊙ Σ_j λ_j x_(i_j), x the pixel-normalised images
/// (zero mean per channel), σ a fresh ±1 mask, slot 0 the private image itself. <see cref="Draw"/> makes the keys,
/// <see cref="Encode"/> and <see cref="Labels"/> apply them; anyone holding the data and the keys recomputes the
/// encodings with these two loops.
/// </summary>
public static class InstaHideEncoder
{
    /// <summary>
    /// Keys for <paramref name="passes"/> passes over the <paramref name="privateCount"/> private images: row t·N + i
    /// encodes private image i in pass t. Each private partner slot is a fresh random permutation of the private images
    /// (every image fills every slot once per pass, as in the authors' code); each public slot an independent uniform draw.
    /// </summary>
    public static InstaHideKeys Draw(InstaHideOptions options, int privateCount, int publicCount, int passes, int imageSize, KeySource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate(privateCount, publicCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        int k = options.K, rows = checked(passes * privateCount);
        var indices = new int[checked(rows * k)];
        var lambdas = new float[rows * k];
        var masks = new sbyte[checked((long)rows * imageSize)];
        for (int t = 0; t < passes; t++)
        {
            var partners = new int[options.PrivateSlots][];
            for (int j = 1; j < options.PrivateSlots; j++) partners[j] = random.Permutation(privateCount);
            for (int i = 0; i < privateCount; i++)
            {
                int row = t * privateCount + i;
                Span<int> slots = indices.AsSpan(row * k, k);
                slots[0] = i;
                for (int j = 1; j < k; j++) slots[j] = j < options.PrivateSlots ? partners[j][i] : privateCount + random.Below(publicCount);
                options.DrawCoefficients(random, lambdas.AsSpan(row * k, k));
            }
        }
        random.FillSigns(masks);
        return new InstaHideKeys(rows, k, imageSize, indices, lambdas, masks);
    }

    /// <summary>
    /// The encodings of <paramref name="keys"/> as float32, row after row: each value σ·Σ_j λ_j x_j summed in float64 in slot
    /// order, then rounded. <paramref name="privateImages"/> and <paramref name="publicImages"/> are normalised images, one after another.
    /// </summary>
    public static float[] Encode(InstaHideKeys keys, ReadOnlySpan<double> privateImages, ReadOnlySpan<double> publicImages)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int size = keys.ImageSize, privateCount = privateImages.Length / size;
        if (privateImages.Length % size != 0 || publicImages.Length % size != 0)
            throw new ArgumentException($"images of {size} values expected; got {privateImages.Length} private and {publicImages.Length} public values");
        var encodings = new float[(long)keys.Rows * size];
        var sum = new double[size];
        for (int row = 0; row < keys.Rows; row++)
        {
            Array.Clear(sum);
            ReadOnlySpan<int> slots = keys.IndicesOf(row);
            ReadOnlySpan<float> lambdas = keys.LambdasOf(row);
            for (int j = 0; j < keys.K; j++)
            {
                int index = slots[j];
                ReadOnlySpan<double> image = index < privateCount
                    ? privateImages.Slice(index * size, size)
                    : publicImages.Slice((index - privateCount) * size, size);
                double lambda = lambdas[j];
                for (int p = 0; p < size; p++) sum[p] += lambda * image[p];
            }
            ReadOnlySpan<sbyte> mask = keys.MaskOf(row);
            Span<float> target = encodings.AsSpan(row * size, size);
            for (int p = 0; p < size; p++) target[p] = (float)(mask[p] * sum[p]);
        }
        return encodings;
    }

    /// <summary>Soft labels Σ over the private slots of λ_j·onehot(y_(i_j)) (not renormalised: they sum to the private share).</summary>
    public static float[] Labels(InstaHideKeys keys, int privateSlots, ReadOnlySpan<byte> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var soft = new float[keys.Rows * classes];
        for (int row = 0; row < keys.Rows; row++)
        {
            ReadOnlySpan<int> slots = keys.IndicesOf(row);
            ReadOnlySpan<float> lambdas = keys.LambdasOf(row);
            for (int j = 0; j < privateSlots; j++) soft[row * classes + labels[slots[j]]] += lambdas[j];
        }
        return soft;
    }
}
