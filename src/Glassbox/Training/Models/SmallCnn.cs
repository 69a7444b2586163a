using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Glassbox.Training.Models;

/// <summary>
/// A small convolutional net for 28×28 (or 32×32) images whose loss is invariant to scaling its trained weights:
/// conv3×3(channels→16) → BN → ReLU → conv3×3(16→32, stride 2) → BN → ReLU → conv3×3(32→32, stride 2) → BN →
/// ReLU → global average pool → linear(32 → classes). Only the convolutions (no bias) are trained; the
/// BatchNorms have no affine parameters and the last linear layer stays at its initial value, so
/// multiplying every trained weight by c > 0 leaves every BatchNorm output, hence the loss, unchanged
/// (in training mode, on batch statistics, up to BatchNorm's ε next to the variance).
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2, conv3;
    readonly BatchNorm2d norm1, norm2, norm3;
    readonly Linear head;

    public SmallCnn(int classes, long seed, ScalarType dtype = ScalarType.Float32, double bnEpsilon = 1e-5, int channels = 1) : base(nameof(SmallCnn))
    {
        conv1 = Conv2d(channels, 16, 3, padding: 1, bias: false, dtype: dtype);
        conv2 = Conv2d(16, 32, 3, stride: 2, padding: 1, bias: false, dtype: dtype);
        conv3 = Conv2d(32, 32, 3, stride: 2, padding: 1, bias: false, dtype: dtype);
        norm1 = BatchNorm2d(16, eps: bnEpsilon, affine: false, dtype: dtype);
        norm2 = BatchNorm2d(32, eps: bnEpsilon, affine: false, dtype: dtype);
        norm3 = BatchNorm2d(32, eps: bnEpsilon, affine: false, dtype: dtype);
        head = Linear(32, classes, dtype: dtype);
        RegisterComponents();
        Initialize(seed);
        head.weight!.requires_grad = false;
        head.bias!.requires_grad = false;
    }

    /// <summary>The parameters to train: the three convolution weights.</summary>
    public IReadOnlyList<Parameter> Trained => [conv1.weight!, conv2.weight!, conv3.weight!];

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = functional.relu(norm1.call(conv1.call(input)));
        x = functional.relu(norm2.call(conv2.call(x)));
        x = functional.relu(norm3.call(conv3.call(x)));
        return head.call(functional.adaptive_avg_pool2d(x, 1).flatten(1)).MoveToOuterDisposeScope();
    }

    // Each convolution: random normal directions scaled to unit Frobenius norm. The scale does not change the function
    // (a BatchNorm follows), only the effective step η/‖θ‖², so a small norm lets SGD move at η ≈ 0.1. The fixed head is
    // uniform in ±1: the pooled features are O(1), so logits can grow large enough to fit. One generator: same seed, same net.
    void Initialize(long seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (Conv2d conv in new[] { conv1, conv2, conv3 })
        {
            Parameter w = conv.weight!;
            using Tensor values = randn(w.shape, dtype: w.dtype, generator: generator);
            using Tensor unit = values.div(values.norm());
            w.copy_(unit);
        }
        using Scalar two = 2.0, one = 1.0;
        using Tensor uniform = rand(head.weight!.shape, dtype: head.weight!.dtype, generator: generator).mul_(two).sub_(one);
        head.weight!.copy_(uniform);
        head.bias!.zero_();
    }
}
