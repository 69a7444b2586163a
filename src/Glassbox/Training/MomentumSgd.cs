using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Glassbox.Training;

/// <summary>
/// PyTorch's SGD with momentum and weight decay, written out: for each trained θ with gradient g,
/// v ← γv + g + λθ, θ ← θ − η_t v, in place under no_grad. Written out instead of torch.optim because the
/// exponential-rate equivalent needs a chosen first buffer v₀ = b·θ₀ (b = 0 is PyTorch's default).
/// </summary>
public sealed class MomentumSgd : IDisposable
{
    readonly Parameter[] _parameters;
    readonly Tensor[] _buffers;

    public MomentumSgd(IReadOnlyList<Parameter> parameters, LearningRateSchedule schedule, double momentum, double weightDecay,
        double initialBufferFactor = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Momentum = ExponentialEquivalent.CheckMomentum(momentum);
        WeightDecay = ExponentialEquivalent.CheckWeightDecay(weightDecay);
        if (!double.IsFinite(initialBufferFactor))
            throw new ArgumentOutOfRangeException(nameof(initialBufferFactor), $"the initial buffer factor must be finite, got {initialBufferFactor}");
        _parameters = parameters.ToArray();
        using Scalar factor = initialBufferFactor;
        using (torch.no_grad())
            // Detached from any scope of the caller: the buffers live as long as the optimiser.
            _buffers = _parameters.Select(p => p.detach().mul(factor).DetachFromDisposeScope()).ToArray();
    }

    public LearningRateSchedule Schedule { get; }
    public double Momentum { get; }
    public double WeightDecay { get; }
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The momentum buffers v, one per parameter, in the order of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<Tensor> Buffers => _buffers;

    /// <summary>Applies step <paramref name="step"/> (global, from 0) with the gradients now held; returns η_step.</summary>
    /// <remarks>A parameter without a gradient is skipped, buffer included, as PyTorch does.</remarks>
    public double Step(long step)
    {
        double rate = Schedule.Rate(step);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using Scalar gamma = Momentum, lambda = WeightDecay, minusEta = -rate;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Parameter p = _parameters[i];
            Tensor? g = p.grad;
            if (g is null) continue;
            Tensor v = _buffers[i];
            // torch.optim.SGD's own operations, in its order (1.13, single-tensor path): d = g + λθ as add(θ, alpha: λ),
            // v ← γv + d, θ ← θ − η v as add_(v, alpha: −η). The alpha forms are ATen's fused kernels, so the
            // rounding is PyTorch's to the last bit (tests/Glassbox.Tests/Training/MomentumSgdTorchTests.cs).
            using Tensor d = WeightDecay != 0 ? g.add(p, lambda) : g.alias();
            v.mul_(gamma).add_(d);
            p.add_(v, minusEta);
        }
        return rate;
    }

    public void Dispose()
    {
        foreach (Tensor buffer in _buffers) buffer.Dispose();
    }
}
