using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels.Convolutional.Layers;

/// <summary>
/// A convolutional architecture as layers: the kernel maps compose into the CNTK (NNGP and NTK of every image pair), and the
/// modules compose into the finite net whose wide limit it is. <see cref="From"/> gives the authors' nets:
/// conv, then (depth − 2)·(ReLU, conv), then ReLU and the readout; flip averages over mirrored second images.
/// </summary>
public sealed record ConvSerial(IReadOnlyList<IConvKernelLayer> Layers, IConvReadout Readout, bool Flip = false)
{
    public static ConvSerial From(CntkArchitecture architecture)
    {
        var layers = new List<IConvKernelLayer> { new Conv(First: true, Trainable: !architecture.Fix) };
        for (int k = 0; k < architecture.Depth - 2; k++) layers.AddRange([new SpatialRelu(), new Conv(First: false)]);
        layers.Add(new SpatialRelu());
        return new ConvSerial(layers, new ConvReadout(architecture.Readout, Trainable: !architecture.Fix), architecture.Flip);
    }

    /// <summary>NNGP and NTK between the images of <paramref name="x1"/> and of <paramref name="x2"/> (x1 with itself when null), [n1, n2] float64.</summary>
    public (Tensor Nngp, Tensor Ntk) Kernel(Tensor x1, Tensor? x2 = null)
    {
        using var scope = NewDisposeScope();
        var (nngp, ntk) = Read(ConvKernelState.FromImages(x1, x2));
        if (Flip)
        {
            var (mirroredNngp, mirroredNtk) = Read(ConvKernelState.FromImages(x1, (x2 ?? x1).flip(3)));
            (nngp, ntk) = ((nngp + mirroredNngp) / 2, (ntk + mirroredNtk) / 2);
        }
        return (nngp.MoveToOuterDisposeScope(), ntk.MoveToOuterDisposeScope());
    }

    (Tensor, Tensor) Read(ConvKernelState state)
    {
        foreach (IConvKernelLayer layer in Layers) state = layer.Apply(state);
        return Readout.Read(state);
    }

    /// <summary>The finite net for [N, channels, height, imageWidth] images with <paramref name="hiddenChannels"/> channels: one output per image.</summary>
    public nn.Module<Tensor, Tensor> BuildNet(int channels, int height, int imageWidth, int hiddenChannels)
    {
        if (Flip) throw new NotSupportedException("a flip-averaged kernel has no single finite net here (it is the average over mirrored inputs)");
        var modules = new List<nn.Module<Tensor, Tensor>>();
        int c = channels;
        foreach (IConvKernelLayer layer in Layers)
        {
            (var module, c) = layer.Build(c, hiddenChannels);
            modules.Add(module);
        }
        modules.Add(Readout.Build(c, height, imageWidth));
        return nn.Sequential(modules);
    }
}
