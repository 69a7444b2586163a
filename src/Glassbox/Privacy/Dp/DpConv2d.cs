using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// A 2-d convolution (one group, square kernel, equal stride and padding on both axes). Per example: the input unfolded
/// into its K = C·k·k patches at the L output positions, ∂W = g · patchesᵀ (O × K summed over L), ∂b = Σ_L g.
/// </summary>
public sealed class DpConv2d : DpLayer
{
    readonly Conv2d conv;
    readonly long _kernel, _stride, _padding;

    public DpConv2d(long inputs, long outputs, long kernel, long stride, long padding, ScalarType dtype) : base(nameof(DpConv2d))
    {
        (_kernel, _stride, _padding) = (kernel, stride, padding);
        conv = nn.Conv2d(inputs, outputs, kernel, stride: stride, padding: padding, bias: true, dtype: dtype);
        RegisterComponents();
    }

    public override IReadOnlyList<Parameter> Weights => [conv.weight!, conv.bias!];

    public override Tensor forward(Tensor x) => conv.forward(x);

    public override Tensor[] PerExample(Tensor input, Tensor outputGradient)
    {
        long n = input.shape[0], outputs = outputGradient.shape[1];
        Tensor patches = nn.functional.unfold(input, (_kernel, _kernel), dilation: (1, 1), padding: (_padding, _padding), stride: (_stride, _stride));
        Tensor g = outputGradient.reshape(n, outputs, -1);
        Tensor weight = torch.einsum("nol,nkl->nok", g, patches).reshape([n, .. conv.weight!.shape]);
        return [weight, g.sum(2)];
    }
}
