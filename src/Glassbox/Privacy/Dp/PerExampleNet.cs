using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// A sequence of <see cref="DpLayer"/>s that gives, besides its output, every example's own gradient of the
/// cross-entropy: one forward pass that keeps each weighted stage's input and output, one backward pass of the summed loss
/// to those outputs (<c>autograd.grad</c>), then each stage's per-example formula. No batch-size-1 loop, no vmap.
/// </summary>
public sealed class PerExampleNet : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<DpLayer> layers;

    /// <summary>The stages, weights initialised as PyTorch does for Linear and Conv2d (U(±1/√fan-in)), from <paramref name="seed"/>.</summary>
    public PerExampleNet(string name, IEnumerable<DpLayer> stages, long seed) : base(name)
    {
        layers = new ModuleList<DpLayer>([.. stages]);
        RegisterComponents();
        Parameters = layers.SelectMany(l => l.Weights).ToArray();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (DpLayer layer in layers.Where(l => l is DpLinear or DpConv2d))
        {
            long fanIn = layer.Weights[0].shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            double bound = 1 / Math.Sqrt(fanIn);
            foreach (Parameter p in layer.Weights)
                p.copy_(rand(p.shape, p.dtype, generator: generator).mul_(2 * bound).sub_(bound));
        }
    }

    /// <summary>Every trained parameter, in the order of the per-example gradients.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public override Tensor forward(Tensor x)
    {
        foreach (DpLayer layer in layers) x = layer.forward(x);
        return x;
    }

    /// <summary>
    /// The mean cross-entropy of the batch and, for each of <see cref="Parameters"/>, the N × (its shape) tensor of the
    /// examples' own gradients (of their own loss, not divided by N), and how many examples the net classified right. Needs N ≥ 1.
    /// </summary>
    public (double Loss, Tensor[] PerExample, long Correct) PerExampleGradients(Tensor input, Tensor labels)
    {
        long n = input.shape[0];
        if (n < 1) throw new ArgumentException("per-example gradients need at least one example");
        var inputs = new List<Tensor>();
        var outputs = new List<Tensor>();
        var weighted = new List<DpLayer>();
        Tensor h = input;
        foreach (DpLayer layer in layers)
        {
            if (layer.Weights.Count == 0)
            {
                h = layer.forward(h);
                continue;
            }
            inputs.Add(h.detach());
            h = layer.forward(h);
            outputs.Add(h);
            weighted.Add(layer);
        }
        Tensor loss = nn.functional.cross_entropy(h, labels, reduction: nn.Reduction.Sum);
        IList<Tensor> gradients = autograd.grad([loss], outputs);
        double mean = loss.ToDouble() / n;
        long correct = h.argmax(1).eq(labels).sum().ToInt64();
        using var noGrad = no_grad();
        Tensor[] perExample = weighted.SelectMany((layer, i) => layer.PerExample(inputs[i], gradients[i])).ToArray();
        return (mean, perExample, correct);
    }
}
