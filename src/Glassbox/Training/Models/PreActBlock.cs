using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Glassbox.Training.Models;

/// <summary>
/// The pre-activation basic block of He et al. (2016): BN → ReLU → conv3×3 → BN → ReLU → conv3×3, added to
/// the input, or to a 1×1 projection of the pre-activated input when the stride or width changes.
/// Homogeneous of degree 1 in the conv weights: both branches scale by c when all weights do.
/// </summary>
public sealed class PreActBlock : nn.Module<Tensor, Tensor>
{
    readonly AffineFreeBatchNorm2d bn1, bn2;
    readonly Conv2d conv1, conv2;
    readonly Conv2d? shortcut;

    public PreActBlock(long inChannels, long outChannels, long stride, ScalarType dtype, double bnEpsilon)
        : base(nameof(PreActBlock))
    {
        bn1 = Layers.BatchNorm(inChannels, bnEpsilon, dtype);
        conv1 = Layers.Conv3x3(inChannels, outChannels, stride, dtype);
        bn2 = Layers.BatchNorm(outChannels, bnEpsilon, dtype);
        conv2 = Layers.Conv3x3(outChannels, outChannels, 1, dtype);
        if (stride != 1 || inChannels != outChannels) shortcut = Layers.Conv1x1(inChannels, outChannels, stride, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor a = F.relu(bn1.forward(x));
        Tensor residual = shortcut is null ? x : shortcut.forward(a);
        Tensor h = conv2.forward(F.relu(bn2.forward(conv1.forward(a))));
        return h.add_(residual);
    }
}
