using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// One stage of a net trained with per-example gradients (DP-SGD). A stage with weights computes each example's gradient
/// of them from its own input and the gradient of the summed loss with respect to its output — the way Opacus does
/// (activations × backpropagated gradients), without a vmap. Examples never mix inside a stage, which is why BatchNorm
/// has no place here (<see cref="DpModels"/> refuses it).
/// </summary>
public abstract class DpLayer(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>The parameters <see cref="PerExample"/> returns gradients of, in this order.</summary>
    public virtual IReadOnlyList<Parameter> Weights => [];

    /// <summary>For each of <see cref="Weights"/>, the N per-example gradients as one N × (its shape) tensor.</summary>
    /// <param name="input">This stage's input in the forward pass (N × …).</param>
    /// <param name="outputGradient">∂(Σ_n loss_n)/∂output: row n is example n's own gradient, as examples do not mix.</param>
    public virtual Tensor[] PerExample(Tensor input, Tensor outputGradient) => [];
}
