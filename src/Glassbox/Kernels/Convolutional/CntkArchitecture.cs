namespace Glassbox.Kernels.Convolutional;

/// <summary>
/// What a convolutional kernel entry is read out from the last layer's P×P pixel-pair matrix (P = H·W pixels).
/// </summary>
public abstract record CntkReadout
{
    /// <summary>Vanilla CNTK (the net flattens and reads out with a dense layer): the trace Σ_p T[p,p].</summary>
    public sealed record Flatten : CntkReadout { public override string ToString() => "flatten"; }

    /// <summary>Global average pooling: the mean of T over all P² pixel pairs.</summary>
    public sealed record Gap : CntkReadout { public override string ToString() => "gap"; }

    /// <summary>
    /// Local average pooling (Li et al. 2019) with a <paramref name="Window"/>×<paramref name="Window"/> window that wraps
    /// around the image: (1/(P·c⁴)) Σ_p Σ_{q,q′ ∈ W(p)} T[q,q′]. c = 1 is the trace divided by P; c = H = W is the GAP mean.
    /// </summary>
    public sealed record Lap(int Window) : CntkReadout { public override string ToString() => $"lap:{Window}"; }

    /// <summary>flatten, gap or lap:C.</summary>
    public static CntkReadout Parse(string text)
    {
        if (text == "flatten") return new Flatten();
        if (text == "gap") return new Gap();
        if (text.StartsWith("lap:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) && c >= 1)
            return new Lap(c);
        throw new FormatException($"readout '{text}' is not one of flatten, gap, lap:C (C a window size ≥ 1)");
    }
}

/// <summary>
/// The convolutional net of Arora et al. (NeurIPS 2019) in the limit of infinite channels: <paramref name="Depth"/> − 1 layers of
/// 3×3 convolution (stride 1, zero padding) each followed by a ReLU, then a readout — their "depth" counts the convolutions plus
/// the readout. <paramref name="Fix"/> freezes the first and last layers (their CNTK-GAP runs), <paramref name="Flip"/> averages
/// the kernel over left-right mirror images (Li et al. 2019).
/// </summary>
public sealed record CntkArchitecture(int Depth, CntkReadout Readout, bool Fix = false, bool Flip = false)
{
    /// <summary>A short name for files and tables, e.g. cntk-gap-d21-fix.</summary>
    public override string ToString() =>
        $"cntk-{Readout.ToString()!.Replace(":", "")}-d{Depth}{(Fix ? "-fix" : "")}{(Flip ? "-flip" : "")}";

    /// <summary>Throws when the architecture cannot be computed for images of this size.</summary>
    public void Validate(int height, int width)
    {
        if (Depth < 2) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "depth counts the convolutions plus the readout, so it must be ≥ 2");
        if (Readout is CntkReadout.Lap lap && lap.Window > Math.Min(height, width))
            throw new ArgumentOutOfRangeException(nameof(Readout), lap.Window, $"the LAP window must fit the {height}×{width} image");
    }
}
