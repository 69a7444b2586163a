namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// Memory layout of the engine for H×W images and vectors of <see cref="Lanes"/> values. A block plane has a zero border (guard
/// rows above and below, guard columns left and right) so the 3×3 sums need no bounds tests: element (u, v) is at
/// (u + 1)·Stride + 1 + v. An image plane (a channel, or a layer's pixel deviations) is H rows of <see cref="ExtCols"/> values,
/// zero beyond column W, so a block can read a whole vector past its last column and get zeros.
/// </summary>
internal sealed class CntkGeometry
{
    public int Height { get; }
    public int Width { get; }
    public int Lanes { get; }
    public int Chunks { get; }
    public int Stride { get; }
    public int ExtCols { get; }
    public int PlaneSize => (Height + 2) * Stride;
    public int ExtSize => Height * ExtCols;

    public CntkGeometry(int height, int width, int lanes)
    {
        Lanes = lanes;
        Height = height;
        Width = width;
        Chunks = (width + Lanes - 1) / Lanes;
        Stride = (Chunks * Lanes + 2 + Lanes - 1) / Lanes * Lanes;
        ExtCols = width + Lanes;
    }
}
