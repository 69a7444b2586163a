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

    /// <summary>The finite module, given what reaches it; the second value says how many features leave it.</summary>
    (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input);
}

/// <summary>
/// What reaches a layer of a finite net: <paramref name="Features"/> per example, the hidden
/// <paramref name="Width"/> of the net, and whether these are still the raw inputs. The kernel
/// takes Σ⁰(x,x') = x·x' (a sum over input features, as the papers do), while for hidden layers
/// Σ is a mean over units; so a Dense reading raw inputs scales by σ_w, not σ_w/√fan_in.
/// </summary>
public readonly record struct LayerInput(int Features, int Width, bool Raw);
