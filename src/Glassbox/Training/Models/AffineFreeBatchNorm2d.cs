using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Glassbox.Training.Models;

/// <summary>
/// BatchNorm2d without affine parameters (weight 1, bias 0 fixed), running statistics with momentum 0.1 by default,
/// and no batch counter. TorchSharp's own BatchNorm2d counts batches with <c>num_batches_tracked.add_(1)</c>,
/// an implicit int → Scalar whose native object the garbage collector may free while LibTorch still reads
/// it: a long training run died with "Expected false to be true … toDouble" from that call. Here the
/// running statistics are plain buffers updated by <c>batch_norm</c> itself, and nothing converts implicitly.
/// </summary>
public sealed class AffineFreeBatchNorm2d : nn.Module<Tensor, Tensor>
{
    public const double DefaultMomentum = 0.1;

    public AffineFreeBatchNorm2d(long channels, double eps, ScalarType dtype) : base(nameof(AffineFreeBatchNorm2d))
    {
        if (!(eps >= 0) || !double.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "the batch-norm epsilon must be a finite number ≥ 0");
        Eps = eps;
        running_mean = zeros(channels, dtype: dtype);
        running_var = ones(channels, dtype: dtype);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
    }

    public double Eps { get; }

    /// <summary>
    /// Weight of the newest batch in the running statistics, in (0, 1]: 0.1 as in PyTorch; <see cref="BatchNormStatistics"/>
    /// sets 1/k for the k-th batch to average batches equally.
    /// </summary>
    public double Momentum
    {
        get => _momentum;
        set => _momentum = value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the batch-norm momentum must be in (0, 1]");
    }

    double _momentum = DefaultMomentum;

    // Named as PyTorch names them, so state dictionaries read the same.
#pragma warning disable IDE1006
    public Tensor running_mean { get; }

    public Tensor running_var { get; }
#pragma warning restore IDE1006

    public override Tensor forward(Tensor input) =>
        F.batch_norm(input, running_mean, running_var, null, null, training, Momentum, Eps);
}
