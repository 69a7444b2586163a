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

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input)
    {
        var modules = new List<nn.Module<Tensor, Tensor>>();
        foreach (IKernelLayer layer in Layers)
        {
            (var module, int features) = layer.Build(input);
            modules.Add(module);
            input = input with { Features = features, Raw = input.Raw && layer is not Dense };
        }
        return (nn.Sequential(modules), input.Features);
    }

    /// <summary>The finite net for inputs of <paramref name="inFeatures"/> features and hidden layers of <paramref name="width"/> units.</summary>
    public nn.Module<Tensor, Tensor> BuildNet(int inFeatures, int width) =>
        Build(new LayerInput(inFeatures, width, Raw: true)).Module;
}
