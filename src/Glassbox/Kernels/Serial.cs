using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>Layers in sequence: the kernel maps compose, and so do the finite modules.</summary>
public sealed record Serial(IReadOnlyList<IKernelLayer> Layers) : IKernelLayer
{
    public Serial(params IKernelLayer[] layers) : this((IReadOnlyList<IKernelLayer>)layers) { }

    public KernelState Apply(KernelState state)
    {
        foreach (IKernelLayer layer in Layers) state = layer.Apply(state);
        return state;
    }

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(int inFeatures, int width)
    {
        var modules = new List<nn.Module<Tensor, Tensor>>();
        foreach (IKernelLayer layer in Layers)
        {
            (var module, inFeatures) = layer.Build(inFeatures, width);
            modules.Add(module);
        }
        return (nn.Sequential(modules), inFeatures);
    }
}
