using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional.Layers;

/// <summary>The last layer: it reduces the pixel-pair matrices to one kernel value per image pair, and builds a dense readout.</summary>
public interface IConvReadout
{
    /// <summary>NNGP and NTK, [n1, n2] each.</summary>
    (Tensor Nngp, Tensor Ntk) Read(ConvKernelState state);

    nn.Module<Tensor, Tensor> Build(int channels, int height, int width);
}

/// <summary>
/// A readout of the last ReLU's channels, weights scaled by 1/√(C·P_w) (the ReLU carries √(2/9)), frozen when not
/// <paramref name="Trainable"/> — then the NTK loses the readout's own term S (the authors' T −= S). The pixel weighting:
/// flatten (vanilla) reads every pixel, Σ_p T[p, p]; global average pooling reads the channel means, the mean of T over all
/// P² pairs; local average pooling with a c×c window that wraps around reads every window's mean,
/// (1/(P·c⁴)) Σ_p Σ_{q, q′ ∈ W(p)} T[q, q′] — each pair weighted by how many windows hold both, w_H(δh)·w_W(δw) with
/// w(δ) = max(0, c − δ) + max(0, c − (H − δ)) for the cyclic offset δ.
/// </summary>
public sealed record ConvReadout(CntkReadout Kind, bool Trainable = true) : IConvReadout
{
    public (Tensor Nngp, Tensor Ntk) Read(ConvKernelState state)
    {
        Tensor t = Trainable ? state.Ntk : state.Ntk - state.Nngp;
        int h = (int)state.Nngp.shape[2], w = (int)state.Nngp.shape[3];
        Tensor? weights = Kind is CntkReadout.Lap lap ? Weights(lap.Window, h, w) : null; // the same for S and T
        return (Reduce(state.Nngp, weights), Reduce(t, weights));
    }

    Tensor Reduce(Tensor pairs, Tensor? lapWeights)
    {
        long n1 = pairs.shape[0], n2 = pairs.shape[1], p = pairs.shape[2] * pairs.shape[3];
        Tensor flat = pairs.reshape(n1, n2, p, p);
        return Kind switch
        {
            CntkReadout.Flatten => flat.diagonal(0, 2, 3).sum(2),
            CntkReadout.Gap => flat.mean([2, 3]),
            CntkReadout.Lap lap => (flat * lapWeights!).sum([2, 3]) / (p * Math.Pow(lap.Window, 4)),
            _ => throw new NotSupportedException($"readout {Kind}"),
        };
    }

    /// <summary>[P, P]: for pixels q, q′ the number of wrapped c×c windows that hold both.</summary>
    static Tensor Weights(int c, int h, int w)
    {
        if (c > h || c > w) throw new ArgumentOutOfRangeException(nameof(c), c, $"a local pooling window larger than the {h}×{w} image");
        double Count(int delta, int size) => Math.Max(0, c - delta) + (delta == 0 ? 0 : Math.Max(0, c - (size - delta)));
        var weights = new double[h * w * h * w];
        for (int qh = 0; qh < h; qh++)
            for (int qw = 0; qw < w; qw++)
                for (int rh = 0; rh < h; rh++)
                    for (int rw = 0; rw < w; rw++)
                        weights[((qh * w + qw) * h + rh) * w + rw] =
                            Count(((rh - qh) % h + h) % h, h) * Count(((rw - qw) % w + w) % w, w);
        return tensor(weights, [h * w, h * w]);
    }

    public nn.Module<Tensor, Tensor> Build(int channels, int height, int width) => new ReadoutModule(Kind, channels, height, width, Trainable);

    sealed class ReadoutModule : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly CntkReadout kind;
        readonly double scale;

        public ReadoutModule(CntkReadout kind, int channels, int height, int width, bool trainable) : base(nameof(ConvReadout))
        {
            this.kind = kind;
            int pixels = height * width;
            int inputs = kind is CntkReadout.Gap ? channels : channels * pixels;
            scale = 1 / Math.Sqrt(kind is CntkReadout.Lap ? channels * (double)pixels : channels);
            weight = new Parameter(randn(1, inputs, dtype: ScalarType.Float64), requires_grad: trainable);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            Tensor features = kind switch
            {
                CntkReadout.Gap => x.mean([2, 3]),
                CntkReadout.Lap lap => WrappedWindowMeans(x, lap.Window).flatten(1),
                _ => x.flatten(1),
            };
            return features.matmul(weight.to_type(x.dtype).T).squeeze(1).mul(scale);
        }

        /// <summary>The mean of every c×c window starting at each pixel, wrapping around the image's right and bottom edges.</summary>
        static Tensor WrappedWindowMeans(Tensor x, int c)
        {
            Tensor wrapped = c == 1 ? x : nn.functional.pad(x, [0, c - 1, 0, c - 1], PaddingModes.Circular);
            return nn.functional.avg_pool2d(wrapped, [c, c], stride: [1, 1]);
        }
    }
}
