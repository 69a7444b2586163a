using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>tanh, applied elementwise.</summary>
public sealed class DpTanh() : DpLayer(nameof(DpTanh))
{
    public override Tensor forward(Tensor x) => x.tanh();
}

/// <summary>ReLU, applied elementwise.</summary>
public sealed class DpRelu() : DpLayer(nameof(DpRelu))
{
    public override Tensor forward(Tensor x) => nn.functional.relu(x);
}

/// <summary>Max pooling over k × k windows at a stride.</summary>
public sealed class DpMaxPool(long kernel, long stride) : DpLayer(nameof(DpMaxPool))
{
    public override Tensor forward(Tensor x) => nn.functional.max_pool2d(x, kernel, stride);
}

/// <summary>N × C × H × W → N × (C·H·W).</summary>
public sealed class DpFlatten() : DpLayer(nameof(DpFlatten))
{
    public override Tensor forward(Tensor x) => x.flatten(1);
}

/// <summary>The mean over the spatial axes: N × C × H × W → N × C.</summary>
public sealed class DpGlobalMean() : DpLayer(nameof(DpGlobalMean))
{
    public override Tensor forward(Tensor x) => x.mean([2, 3]);
}
