using Glassbox.Data;
using Glassbox.Training;

namespace Glassbox.Privacy;

/// <summary>One way of reading a private image off a single encoding, and its SSIM to the truth over the images.</summary>
public sealed record UnmixingRow(string Estimate, string Knows, double MeanSsim, double MedianSsim, double MaxSsim);

/// <summary>The estimates for one setting, and one example image's truth and estimates (pixel scale) for a picture.</summary>
public sealed record UnmixingResult(int K, InstaHideMode Mode, int Images, IReadOnlyList<UnmixingRow> Rows, double[][] Example);

/// <summary>
/// Experiment 6c of issue 12: what one encoding reveals of its own private image (slot 0), and what the mask adds. Each
/// private image is encoded once with InstaHide; m = σ⊙e, the encoding with its mask undone, is exactly the mixup of the same
/// images with the same λ. Per encoding and image, SSIM to the truth of:
/// the mixture m as it is (mixup: nothing known); m/λ₀ (mixup with λ known — the other images are centred by the normalisation,
/// so their expected contribution is zero, and dividing by λ₀ restores the private image's contrast; this is also exactly what
/// an InstaHide attacker holding the keys σ and λ gets); the least-squares affine fit a·m + b to the truth (an oracle: it knows the truth's scale and offset, which no attacker does; it minimises squared
/// error, not SSIM, so it is not an SSIM bound — a reading with more contrast can score higher); the encoding e as it is and its least-squares affine fit (InstaHide, nothing known); and the same
/// affine fit of |e| (not linear: the first step of the attack, which loses the signs). Estimates are mapped back to pixels
/// with the private set's normalisation and clipped to [0, 1]; SSIM as scikit-image computes it, data range 1.
/// </summary>
public static class SingleEncodingUnmixing
{
    public const string Mixture = "the mixture m = σ⊙e as it is", MixtureScaled = "m / λ₀", MixtureFit = "least-squares affine fit of m (oracle)",
        Encoding = "the encoding e as it is", EncodingFit = "least-squares affine fit of e (oracle)", MagnitudeFit = "least-squares affine fit of |e| (oracle; not linear)";

    public static UnmixingResult Run(ImageDataset privateImages, ImageDataset? publicImages, InstaHideOptions options, KeySource random)
    {
        ArgumentNullException.ThrowIfNull(privateImages);
        int n = privateImages.Count, size = privateImages.ImageSize, plane = privateImages.Height * privateImages.Width;
        options.Validate(n, publicImages?.Count ?? 0);
        var normalization = PixelNormalization.Of(privateImages);
        double[] privateValues = InstaHideEncoding.Normalized(privateImages, normalization);
        double[] publicValues = publicImages is null ? [] : InstaHideEncoding.Normalized(publicImages, PixelNormalization.Of(publicImages));
        InstaHideKeys keys = InstaHideEncoder.Draw(options, n, publicImages?.Count ?? 0, 1, size, random);
        float[] encodings = InstaHideEncoder.Encode(keys, privateValues, publicValues);

        string[] names = [Mixture, MixtureScaled, MixtureFit, Encoding, EncodingFit, MagnitudeFit];
        string[] knows = ["nothing (mixup)", "λ (mixup), or σ and λ (InstaHide)", "the truth's scale and offset", "nothing (InstaHide)",
            "the truth's scale and offset", "the truth's scale and offset"];
        var ssim = new double[names.Length][];
        for (int s = 0; s < names.Length; s++) ssim[s] = new double[n];
        double[][] example = [];
        for (int i = 0; i < n; i++)
        {
            if (keys.IndicesOf(i)[0] != i) throw new InvalidOperationException($"internal error: encoding {i} does not hold private image {i} in slot 0");
            double lambda0 = keys.LambdasOf(i)[0];
            ReadOnlySpan<sbyte> mask = keys.MaskOf(i);
            var e = new double[size];
            var m = new double[size];
            for (int p = 0; p < size; p++)
            {
                e[p] = encodings[(long)i * size + p];
                m[p] = mask[p] * e[p];
            }
            double[] truth = privateImages.Image(i).ToArray().Select(b => b / 255.0).ToArray();
            double[][] estimates =
            [
                Pixels(m, normalization, plane),
                Pixels(m.Select(v => v / lambda0).ToArray(), normalization, plane),
                AffineFit(m, truth),
                Pixels(e, normalization, plane),
                AffineFit(e, truth),
                AffineFit(e.Select(Math.Abs).ToArray(), truth),
            ];
            for (int s = 0; s < names.Length; s++)
                ssim[s][i] = Ssim.Compute(estimates[s], truth, privateImages.Channels, privateImages.Height, privateImages.Width);
            if (i == 0) example = [truth, .. estimates];
        }
        var rows = names.Select((name, s) =>
        {
            double[] sorted = ssim[s].Order().ToArray();
            return new UnmixingRow(name, knows[s], sorted.Average(), sorted[sorted.Length / 2], sorted[^1]);
        }).ToList();
        return new UnmixingResult(options.K, options.Mode, n, rows, example);
    }

    /// <summary>Normalised values back to pixels in [0, 1]: v·std[c] + mean[c], clipped.</summary>
    static double[] Pixels(double[] normalized, PixelNormalization normalization, int plane) =>
        normalized.Select((v, p) => Math.Clamp(v * normalization.Std[p / plane] + normalization.Mean[p / plane], 0, 1)).ToArray();

    /// <summary>a·v + b with a, b the least-squares fit to the truth, clipped to [0, 1].</summary>
    internal static double[] AffineFit(double[] v, double[] truth)
    {
        double mv = v.Average(), mt = truth.Average(), cov = 0, var = 0;
        for (int p = 0; p < v.Length; p++)
        {
            cov += (v[p] - mv) * (truth[p] - mt);
            var += (v[p] - mv) * (v[p] - mv);
        }
        double a = var > 0 ? cov / var : 0, b = mt - a * mv;
        return v.Select(x => Math.Clamp(a * x + b, 0, 1)).ToArray();
    }
}
