using System.Text.Json.Serialization;

namespace Glassbox.Privacy;

/// <summary>Where InstaHide finds the k − 1 partners of a private image.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InstaHideMode>))]
public enum InstaHideMode
{
    /// <summary>All k images private (the paper's inside-dataset InstaHide).</summary>
    [JsonStringEnumMemberName("inside")] Inside,
    /// <summary>⌈k/2⌉ private and ⌊k/2⌋ public, unlabeled images (cross-dataset, the method the talk describes).</summary>
    [JsonStringEnumMemberName("cross")] Cross,
}

/// <summary>
/// InstaHide's settings (Huang, Song, Li, Arora, ICML 2020; the authors' defaults): k images per encoding, no
/// coefficient above <paramref name="MaxCoefficient"/> and, cross-dataset, the private coefficients summing to at least
/// <paramref name="MinPrivateShare"/>.
/// </summary>
public sealed record InstaHideOptions(int K, InstaHideMode Mode, double MaxCoefficient = 0.65, double MinPrivateShare = 0.3)
{
    /// <summary>Slots 0..PrivateSlots−1 hold private images (slot 0 the encoded image itself), the rest public ones.</summary>
    public int PrivateSlots => Mode == InstaHideMode.Inside ? K : (K + 1) / 2;

    public int PublicSlots => K - PrivateSlots;

    /// <summary>Refuses settings that cannot be drawn from <paramref name="privateCount"/> private and <paramref name="publicCount"/> public images.</summary>
    public void Validate(int privateCount, int publicCount)
    {
        if (K < 1) throw new ArgumentOutOfRangeException(null, $"k must be ≥ 1, got {K}");
        if (K > privateCount) throw new ArgumentOutOfRangeException(null, $"k = {K} is more than the {privateCount} private images");
        if (Mode == InstaHideMode.Cross && K < 2)
            throw new ArgumentOutOfRangeException(null, $"cross-dataset InstaHide mixes at least one public image: k must be ≥ 2, got {K}");
        if (Mode == InstaHideMode.Cross && publicCount < 1) throw new ArgumentException("cross-dataset InstaHide needs a public data set with images");
        if (Mode == InstaHideMode.Inside && publicCount > 0) throw new ArgumentException("inside-dataset InstaHide takes no public images");
        if (K > 1 && (!(MaxCoefficient * K >= 1) || MaxCoefficient > 1))
            throw new ArgumentOutOfRangeException(null, $"the largest coefficient bound {MaxCoefficient} must lie in [1/k, 1] for k = {K}");
        if (!(MinPrivateShare >= 0 && MinPrivateShare < 1)) throw new ArgumentOutOfRangeException(null, $"the private share bound must lie in [0, 1), got {MinPrivateShare}");
    }

    /// <summary>
    /// λ = |z|/Σ|z| with z ~ N(0, I_k), redrawn while some λ exceeds <see cref="MaxCoefficient"/> or, cross-dataset, while
    /// the private slots hold less than <see cref="MinPrivateShare"/> (the authors' rejection loop; k = 1 gives λ = 1).
    /// Rounded to float32, the precision the keys are stored in, so encodings recompute exactly from stored keys.
    /// </summary>
    public void DrawCoefficients(KeySource random, Span<float> lambdas)
    {
        if (lambdas.Length != K) throw new ArgumentException($"{lambdas.Length} coefficients for k = {K}");
        if (K == 1) { lambdas[0] = 1; return; }
        Span<double> z = stackalloc double[K];
        while (true)
        {
            double total = 0;
            for (int j = 0; j < K; j++) total += z[j] = Math.Abs(random.NextGaussian());
            if (!(total > 0)) continue;
            double largest = 0, privateShare = 0;
            for (int j = 0; j < K; j++)
            {
                lambdas[j] = (float)(z[j] / total);
                largest = Math.Max(largest, lambdas[j]);
                if (j < PrivateSlots) privateShare += lambdas[j];
            }
            if (largest <= MaxCoefficient && (Mode == InstaHideMode.Inside || privateShare >= MinPrivateShare)) return;
        }
    }
}
