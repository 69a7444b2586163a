namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// A readout as weights on diagonal blocks. Pixel pairs (p, p′) with the same offset δ = p′ − p = (dx, dy) form a block that the
/// recursion never mixes with another (a 3×3 convolution adds the same shift to both pixels), so a readout is Σ over blocks of
/// weight(δ)·(sum of the block). Flatten needs only δ = 0; GAP weighs every block 1/P²; LAP weighs δ by how many wrapped windows
/// hold both pixels.
/// </summary>
public static class ReadoutBlocks
{
    /// <summary>The blocks with a non-zero weight.</summary>
    public static IReadOnlyList<(int Dx, int Dy, double Weight)> For(CntkReadout readout, int height, int width)
    {
        var blocks = new List<(int, int, double)>();
        double pixels = (double)height * width;
        switch (readout)
        {
            case CntkReadout.Flatten:
                blocks.Add((0, 0, 1.0));
                break;
            case CntkReadout.Gap:
                for (int dx = 1 - height; dx < height; dx++)
                    for (int dy = 1 - width; dy < width; dy++)
                        blocks.Add((dx, dy, 1.0 / (pixels * pixels)));
                break;
            case CntkReadout.Lap lap:
                double c = lap.Window, norm = pixels * c * c * c * c;
                for (int dx = 1 - height; dx < height; dx++)
                    for (int dy = 1 - width; dy < width; dy++)
                    {
                        double count = WindowsHolding(height, lap.Window, dx) * WindowsHolding(width, lap.Window, dy);
                        if (count > 0) blocks.Add((dx, dy, count / norm));
                    }
                break;
            default:
                throw new ArgumentException($"unknown readout {readout}", nameof(readout));
        }
        return blocks;
    }

    /// <summary>Of the n wrapped windows of c consecutive positions on a circle of n, how many hold both q and q + delta.</summary>
    public static int WindowsHolding(int n, int c, int delta)
    {
        int d = ((delta % n) + n) % n;
        return Math.Max(0, c - d) + Math.Max(0, c - (n - d));
    }
}
