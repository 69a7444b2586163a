using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// One layer of an architecture, in the manner of neural-tangents' stax: it maps the
/// infinite-width kernel state through itself, and it can build the finite TorchSharp module
/// whose wide limit that kernel is.
/// </summary>
public interface IKernelLayer
{
    /// <summary>The kernel state after this layer, given the state before it.</summary>
    KernelState Apply(KernelState state);

    /// <summary>
    /// The finite module. <paramref name="inFeatures"/> is the width that reaches it; the
    /// return value says how many features leave it. Hidden layers use <paramref name="width"/>.
    /// </summary>
    (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(int inFeatures, int width);
}
