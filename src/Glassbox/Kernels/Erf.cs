using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The error function as activation (Williams 1997): with a = 1 + 2Σ(x,x), b = 1 + 2Σ(x',x'),
/// Σ' = (2/π)·asin(2Σ(x,x')/√(ab)), and the derivative kernel (4/π)/√(ab − 4Σ(x,x')²).
/// Scalars are explicit (see <see cref="ReluMoments"/>).
/// </summary>
public sealed record Erf : IKernelLayer
{
    public KernelState Apply(KernelState s)
    {
        using Scalar one = 1.0, two = 2.0, four = 4.0, minusOne = -1.0, tiny = 1e-300, twoOverPi = 2 / Math.PI, fourOverPi = 4 / Math.PI;
        Tensor a = s.Var1.mul(two).add_(one), b = s.Var2.mul(two).add_(one);
        Tensor ab = a.unsqueeze(1).mul(b.unsqueeze(0));
        Tensor nngp = s.Nngp.mul(two).div_(ab.sqrt()).clamp_(minusOne, one).asin_().mul_(twoOverPi);
        Tensor derivative = ab.sub(s.Nngp.square().mul_(four)).clamp_min_(tiny).rsqrt_().mul_(fourOverPi);
        Tensor SelfVariance(Tensor v) => v.mul(two).div_(v.mul(two).add_(one)).asin_().mul_(twoOverPi);
        return new KernelState(nngp, s.Ntk.mul(derivative), SelfVariance(s.Var1), SelfVariance(s.Var2));
    }

    public (nn.Module<Tensor, Tensor> Module, int OutFeatures) Build(LayerInput input) =>
        (new ErfModule(), input.Features);

    sealed class ErfModule() : nn.Module<Tensor, Tensor>("Erf")
    {
        public override Tensor forward(Tensor x) => x.erf();
    }
}
