using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Training.Models;

/// <summary>
/// A classifier whose output, in training mode, does not change when every trained weight is multiplied by
/// the same c &gt; 0: the trained weights are the bias-free convolutions, each batch norm has no affine
/// parameters (weight 1, bias 0 for good) and the last linear layer keeps its random initial value. This is
/// the property under which SGD with weight decay equals SGD with an exponentially growing learning rate
/// (Li &amp; Arora, ICLR 2020). Batch norm's ε breaks it slightly (it normalises by √(var + ε)); ε = 0 makes it exact.
/// </summary>
/// <remarks>
/// In eval mode batch norm divides by its running statistics, which are averages of activations seen at
/// earlier weight scales. Scaling the weights alone then changes the output; scaling the running means by c
/// and the running variances by c² as well keeps it (see <see cref="Rescale"/>: every batch norm here reads
/// an activation of degree 1 in c). Two runs whose weights differ by a scale that changes during training
/// (weight decay against an exponential rate) therefore give the same function in training mode exactly, in
/// eval mode only up to how their running averages weighted the different scales.
/// </remarks>
public abstract class ScaleInvariantNet : nn.Module<Tensor, Tensor>
{
    protected ScaleInvariantNet(string name, int classes) : base(name)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least 1 class");
        Classes = classes;
    }

    public int Classes { get; }

    /// <summary>The weights an optimiser should update: every parameter that requires a gradient (the convolution weights).</summary>
    public IReadOnlyList<Parameter> TrainedParameters() => parameters().Where(p => p.requires_grad).ToList();

    /// <summary>The number of trained scalars.</summary>
    public long TrainedParameterCount() => TrainedParameters().Sum(p => p.numel());

    /// <summary>
    /// Multiplies every trained weight by <paramref name="c"/> and every running mean by c, running variance by c²:
    /// the same function in both modes (exactly when ε = 0).
    /// </summary>
    public void Rescale(double c)
    {
        if (!(c > 0) || !double.IsFinite(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "the scale must be a finite number > 0");
        using var noGrad = no_grad();
        using Scalar scale = c, scale2 = c * c; // explicit: see Kernels/ReluMoments
        foreach (var p in TrainedParameters()) p.mul_(scale);
        foreach (var bn in modules().OfType<AffineFreeBatchNorm2d>())
        {
            bn.running_mean.mul_(scale);
            bn.running_var.mul_(scale2);
        }
    }

    /// <summary>
    /// Draws every weight from a generator seeded by <paramref name="seed"/>, so that nothing depends on
    /// torch's global generator: convolutions He-normal (std √(2/fan_in)), the fixed readout's weight and bias uniform
    /// on ±<paramref name="readoutBound"/> (PyTorch's default for a trained layer is <see cref="PyTorchReadoutBound"/>); float32 convolution weights are then stored channels-last. Called by subclasses after
    /// <c>RegisterComponents()</c>.
    /// </summary>
    protected void Initialise(long seed, double readoutBound)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var module in modules())
        {
            if (module is Conv2d conv)
            {
                long[] shape = conv.weight.shape;
                using Scalar std = Math.Sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
                conv.weight.copy_(randn(shape, conv.weight.dtype, generator: generator).mul_(std));
            }
            else if (module is Linear linear)
            {
                double bound = readoutBound;
                linear.weight.copy_(Uniform(linear.weight.shape, bound, linear.weight.dtype, generator));
                linear.bias?.copy_(Uniform(linear.bias.shape, bound, linear.bias.dtype, generator));
            }
        }
        if (modules().OfType<Conv2d>().All(c => c.weight.dtype == ScalarType.Float32)) UseChannelsLastWeights();
    }

    /// <summary>Whether the convolution weights are stored channels-last (NHWC strides): see <see cref="Initialise"/>.</summary>
    public bool ChannelsLast => modules().OfType<Conv2d>().All(c => IsChannelsLast(c.weight));

    /// <summary>
    /// True when a 4-d tensor has NHWC strides (channels densest, then width, height, batch); the stride of a
    /// dimension of size 1 does not matter, as in LibTorch.
    /// </summary>
    public static bool IsChannelsLast(Tensor t)
    {
        if (t.dim() != 4) return false;
        long[] shape = t.shape, stride = t.stride();
        long[] nhwc = [shape[1] * shape[2] * shape[3], 1, shape[1] * shape[3], shape[1]];
        return Enumerable.Range(0, 4).All(d => shape[d] == 1 || stride[d] == nhwc[d]);
    }

    // LibTorch runs a convolution through oneDNN in channels-last layout when its input or weight has NHWC strides,
    // and its output (and the next layer's) keeps them: measured here, a 16-channel 32×32 float32 convolution takes
    // 3.3 ms forward instead of 13 ms, and PreResNet-20 trains 1.39× faster (bench train-throughput, 8 rounds). TorchSharp has
    // no memory_format argument, so the weight is replaced by an NHWC-contiguous copy viewed as OIHW. float64 has no
    // oneDNN kernels and stays in the standard layout.
    void UseChannelsLastWeights()
    {
        using var noGrad = no_grad();
        foreach (var conv in modules().OfType<Conv2d>())
        {
            Tensor nhwc = conv.weight.detach().permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
            conv.weight = new Parameter(nhwc, conv.weight.requires_grad);
        }
    }

    /// <summary>
    /// The default bound of the fixed readout's uniform weights (and bias): 1. PyTorch's default for a trained layer,
    /// 1/√fan_in = 1/8 here, caps the logits of the normalised features so low that the nets learn slowly (SmallCnn
    /// on 10,000 MNIST images, 3 epochs at η = 0.1: 48% test accuracy with 1/8, 89% with 1, measured).
    /// </summary>
    public const double DefaultReadoutBound = 1;

    /// <summary>PyTorch's default bound for a linear layer with <paramref name="fanIn"/> inputs, 1/√fan_in.</summary>
    public static double PyTorchReadoutBound(long fanIn) => 1 / Math.Sqrt(fanIn);

    protected static double CheckReadoutBound(double bound) => bound > 0 && double.IsFinite(bound)
        ? bound
        : throw new ArgumentOutOfRangeException(nameof(bound), bound, "the readout bound must be a finite number > 0");

    static Tensor Uniform(long[] shape, double bound, ScalarType dtype, Generator generator)
    {
        using Scalar width = 2 * bound, shift = bound;
        return rand(shape, dtype, generator: generator).mul_(width).sub_(shift);
    }
}
