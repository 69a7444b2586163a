using SkiaSharp;

namespace Glassbox.Reporting;

/// <summary>A PNG of images in rows (e.g. the truth above what an attack recovered), pixels in [0, 1], channel-major, enlarged.</summary>
public static class ImageGrid
{
    public static void WritePng(string path, IReadOnlyList<double[][]> rows, int channels, int height, int width, int scale = 3, int gap = 2)
    {
        int columns = rows.Max(r => r.Length);
        int cellW = width * scale + gap, cellH = height * scale + gap;
        using var bitmap = new SKBitmap(columns * cellW + gap, rows.Count * cellH + gap);
        bitmap.Erase(SKColors.White);
        for (int row = 0; row < rows.Count; row++)
            for (int col = 0; col < rows[row].Length; col++)
            {
                double[] image = rows[row][col];
                for (int y = 0; y < height * scale; y++)
                    for (int x = 0; x < width * scale; x++)
                    {
                        int p = y / scale * width + x / scale;
                        byte Channel(int c) => (byte)Math.Round(255 * Math.Clamp(image[c * height * width + p], 0, 1));
                        var color = channels == 1 ? new SKColor(Channel(0), Channel(0), Channel(0)) : new SKColor(Channel(0), Channel(1), Channel(2));
                        bitmap.SetPixel(gap + col * cellW + x, gap + row * cellH + y, color);
                    }
            }
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        Glassbox.Data.AtomicFile.Write(path, stream => data.SaveTo(stream));
    }
}
