namespace Glassbox.Privacy.Inversion;

/// <summary>
/// What a party feeds its net when it computes the gradient it shares: the inputs (B × C × H × W), the soft targets
/// (B × classes) and the affine map from the net's input to pixels in [0, 1] — the identity for raw images, (v + 1)/2 for
/// InstaHide encodings of images mapped to [−1, 1]. The attacker's recovered inputs go through the same map.
/// </summary>
public sealed record PartyBatch(double[] Input, double[] Targets, double PixelScale = 1, double PixelOffset = 0)
{
    /// <summary>The images themselves (pixels in [0, 1]) with one-hot targets: the undefended party of DLG.</summary>
    public static PartyBatch Raw(double[] pixels, int[] labels, int classes)
    {
        var targets = new double[labels.Length * classes];
        for (int n = 0; n < labels.Length; n++) targets[n * classes + labels[n]] = 1;
        return new PartyBatch(pixels, targets);
    }

    /// <summary>Net inputs as pixels: v·scale + offset, clamped to [0, 1].</summary>
    public double[] AsPixels(ReadOnlySpan<double> values)
    {
        var pixels = new double[values.Length];
        for (int i = 0; i < values.Length; i++) pixels[i] = Math.Clamp(values[i] * PixelScale + PixelOffset, 0, 1);
        return pixels;
    }
}
