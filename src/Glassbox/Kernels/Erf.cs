using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The error function as activation (Williams 1997): with a = 1 + 2Σ(x,x), b = 1 + 2Σ(x',x'),
/// Σ' = (2/π)·asin(2Σ(x,x')/√(ab)), and the derivative kernel (4/π)/√(ab − 4Σ(x,x')²).
/// </summary>
public sealed record Erf : IKernelLayer
{
    public KernelState Apply(KernelState s)
    {
        Tensor a = s.Var1.mul(2).add_(1), b = s.Var2.mul(2).add_(1);
        Tensor ab = a.unsqueeze(1).mul(b.unsqueeze(0));
        Tensor nngp = s.Nngp.mul(2).div_(ab.sqrt()).clamp_(-1.0, 1.0).asin_().mul_(2 / Math.PI);
        Tensor derivative = ab.sub(s.Nngp.square().mul_(4)).clamp_min_(1e-300).rsqrt_().mul_(4 / Math.PI);
        return new KernelState(nngp, s.Ntk.mul(derivative), SelfVariance(s.Var1), SelfVariance(s.Var2));
    }

    static Tensor SelfVariance(Tensor v) => v.mul(2).div_(v.mul(2).add_(1)).asin_().mul_(2 / Math.PI);

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input) =>
        (new ErfModule(), input.Features);

    sealed class ErfModule() : nn.Module<Tensor, Tensor>("Erf")
    {
        public override Tensor forward(Tensor x) => x.erf();
    }
}
