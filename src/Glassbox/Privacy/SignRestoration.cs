namespace Glassbox.Privacy;

/// <summary>
/// Turns recovered absolute values |x| of a normalised image back into pixels, the last step of Carlini et al.'s attack
/// ("restore signs from image structure"). Each value has two candidates, mean[c] ± std[c]·|x|. A candidate outside the
/// pixel range [0, 1] is impossible, which fixes many signs (on MNIST every stroke pixel brighter than 2·mean). The rest
/// start dark (the sign of the background) and are then set, sweep after sweep, to the candidate with the smaller sum of
/// absolute differences to its four neighbours (iterated conditional modes on a total-variation prior; ties stay dark)
/// until no sign changes. The absolute differences matter: with squared ones a dark pixel beside a bright stroke turns
/// grey and the grey spreads.
/// </summary>
public static class SignRestoration
{
    const double Tolerance = 0.02;
    const int MaxSweeps = 50;

    /// <summary>Pixels in [0, 1] (clipped), channel-major, from the absolute normalised values <paramref name="magnitudes"/>.</summary>
    public static double[] Restore(ReadOnlySpan<double> magnitudes, int channels, int height, int width, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        int plane = height * width;
        if (magnitudes.Length != channels * plane) throw new ArgumentException($"{magnitudes.Length} values for {channels}×{height}×{width}");
        var pixels = new double[magnitudes.Length];
        var free = new bool[magnitudes.Length];
        var low = new double[magnitudes.Length];
        var high = new double[magnitudes.Length];
        for (int i = 0; i < magnitudes.Length; i++)
        {
            int c = i / plane;
            double m = Math.Abs(magnitudes[i]) * std[c];
            (low[i], high[i]) = (mean[c] - m, mean[c] + m);
            bool lowFits = low[i] >= -Tolerance, highFits = high[i] <= 1 + Tolerance;
            free[i] = lowFits && highFits;
            pixels[i] = lowFits ? low[i] : high[i];
        }
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            int changed = 0;
            for (int i = 0; i < pixels.Length; i++)
            {
                if (!free[i]) continue;
                int p = i % plane, y = p / width, x = p % width;
                double lowCost = 0, highCost = 0;
                void Add(double neighbour)
                {
                    lowCost += Math.Abs(low[i] - neighbour);
                    highCost += Math.Abs(high[i] - neighbour);
                }
                if (y > 0) Add(pixels[i - width]);
                if (y < height - 1) Add(pixels[i + width]);
                if (x > 0) Add(pixels[i - 1]);
                if (x < width - 1) Add(pixels[i + 1]);
                double best = lowCost <= highCost ? low[i] : high[i];
                if (best != pixels[i]) { pixels[i] = best; changed++; }
            }
            if (changed == 0) break;
        }
        for (int i = 0; i < pixels.Length; i++) pixels[i] = Math.Clamp(pixels[i], 0, 1);
        return pixels;
    }
}
