using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// ReLU. With ρ the correlation and θ = arccos ρ (the arc-cosine kernel of Cho and Saul):
/// Σ' = √(Σ(x,x)Σ(x',x'))·(ρ(π−θ) + √(1−ρ²))/(2π), Θ' = Θ·(π−θ)/(2π), Σ'(x,x) = Σ(x,x)/2.
/// </summary>
public sealed record Relu : IKernelLayer
{
    public KernelState Apply(KernelState s)
    {
        var (nngp, sigmaDot) = ReluMoments.Of(s);
        return new KernelState(nngp, s.Ntk.mul(sigmaDot), KernelState.ReluVariance(s.Var1), KernelState.ReluVariance(s.Var2));
    }

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input) =>
        (nn.ReLU(), input.Features);
}
