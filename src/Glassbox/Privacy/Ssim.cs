namespace Glassbox.Privacy;

/// <summary>
/// The structural similarity of Wang, Bovik, Sheikh, Simoncelli (IEEE TIP 2004) as scikit-image computes it with
/// gaussian_weights=True, sigma=1.5, use_sample_covariance=False: local means and (population) variances under a
/// Gaussian window (σ = 1.5, truncated at 3.5σ: 11 taps, mirrored at the borders as SciPy's 'reflect'), SSIM per pixel,
/// averaged over the pixels at least 5 from every border; colour images average their channels' values.
/// Checked against scikit-image 0.19 (bench/ssim_reference.py).
/// </summary>
public static class Ssim
{
    const double Sigma = 1.5, K1 = 0.01, K2 = 0.03;
    const int Radius = 5; // int(3.5 σ + 0.5)

    static readonly double[] Weights = GaussianWeights();

    /// <summary>Mean SSIM of two (channels × height × width) images with pixel range <paramref name="dataRange"/>.</summary>
    public static double Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int channels, int height, int width, double dataRange = 1)
    {
        int plane = height * width;
        if (channels < 1 || a.Length != channels * plane || b.Length != a.Length)
            throw new ArgumentException($"two images of {channels}×{height}×{width} values expected, got {a.Length} and {b.Length}");
        if (height < 2 * Radius + 1 || width < 2 * Radius + 1)
            throw new ArgumentException($"SSIM's 11×11 window needs images of at least 11×11 pixels, got {height}×{width}");
        if (!(dataRange > 0)) throw new ArgumentOutOfRangeException(nameof(dataRange), $"the data range must be > 0, got {dataRange}");
        double sum = 0;
        for (int c = 0; c < channels; c++) sum += Plane(a.Slice(c * plane, plane), b.Slice(c * plane, plane), height, width, dataRange);
        return sum / channels;
    }

    static double Plane(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int height, int width, double range)
    {
        int n = height * width;
        var xx = new double[n];
        var yy = new double[n];
        var xy = new double[n];
        for (int i = 0; i < n; i++) (xx[i], yy[i], xy[i]) = (x[i] * x[i], y[i] * y[i], x[i] * y[i]);
        double[] mx = Blur(x, height, width), my = Blur(y, height, width), mxx = Blur(xx, height, width), myy = Blur(yy, height, width),
            mxy = Blur(xy, height, width);
        double c1 = K1 * range * (K1 * range), c2 = K2 * range * (K2 * range), total = 0;
        for (int r = Radius; r < height - Radius; r++)
            for (int col = Radius; col < width - Radius; col++)
            {
                int i = r * width + col;
                double vx = mxx[i] - mx[i] * mx[i], vy = myy[i] - my[i] * my[i], vxy = mxy[i] - mx[i] * my[i];
                total += (2 * mx[i] * my[i] + c1) * (2 * vxy + c2) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
            }
        return total / ((height - 2 * Radius) * (width - 2 * Radius));
    }

    /// <summary>The Gaussian filter along rows (axis 0) then columns (axis 1), as scipy.ndimage.gaussian_filter.</summary>
    static double[] Blur(ReadOnlySpan<double> image, int height, int width)
    {
        var down = new double[height * width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Weights[k + Radius] * image[Reflect(r + k, height) * width + c];
                down[r * width + c] = s;
            }
        var across = new double[height * width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Weights[k + Radius] * down[r * width + Reflect(c + k, width)];
                across[r * width + c] = s;
            }
        return across;
    }

    /// <summary>SciPy's 'reflect' border (d c b a | a b c d | d c b a): the edge pixel is repeated.</summary>
    static int Reflect(int i, int length)
    {
        int period = 2 * length;
        i = ((i % period) + period) % period;
        return i < length ? i : period - 1 - i;
    }

    static double[] GaussianWeights()
    {
        var w = new double[2 * Radius + 1];
        for (int k = -Radius; k <= Radius; k++) w[k + Radius] = Math.Exp(-0.5 / (Sigma * Sigma) * k * k);
        double total = w.Sum();
        return w.Select(v => v / total).ToArray();
    }
}
