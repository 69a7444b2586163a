using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// A fully connected layer in NTK parameterisation: y = (σ_w/√fan_in)·W x + σ_b·b with W, b
/// standard normal. Kernel map: Σ' = σ_w² Σ + σ_b², Θ' = σ_w² Θ + Σ' when trained (a frozen
/// layer contributes no gradient, so Θ' = σ_w² Θ). <paramref name="Outputs"/> fixes the finite
/// width (e.g. a readout); null takes the hidden width.
/// </summary>
public sealed record Dense(double WeightStd = 1.0, double BiasStd = 0.0, bool Trainable = true, int? Outputs = null) : IKernelLayer
{
    public KernelState Apply(KernelState s)
    {
        using Scalar w2 = WeightStd * WeightStd, b2 = BiasStd * BiasStd; // explicit: see ReluMoments
        Tensor nngp = s.Nngp.mul(w2).add_(b2);
        Tensor ntk = s.Ntk.mul(w2);
        if (Trainable) ntk.add_(nngp);
        // Scaling keeps the angle between two pre-activations; a bias changes it.
        return new KernelState(nngp, ntk, s.Var1.mul(w2).add_(b2), s.Var2.mul(w2).add_(b2), BiasStd == 0 ? s.Angle : null);
    }

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input)
    {
        int outFeatures = Outputs ?? input.Width;
        var module = new NtkLinear(input.Features, outFeatures, WeightStd, BiasStd, normaliseByFanIn: !input.Raw);
        if (!Trainable) foreach (var p in module.parameters()) p.requires_grad = false;
        return (module, outFeatures);
    }
}
