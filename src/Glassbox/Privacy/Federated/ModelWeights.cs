using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Federated;

/// <summary>A module's state as <see cref="NamedTensor"/>s and back: what the server and the parties send each other.</summary>
public static class ModelWeights
{
    public static IReadOnlyList<NamedTensor> Capture(nn.Module module)
    {
        using var scope = NewDisposeScope();
        return module.state_dict().Select(kv => new NamedTensor(kv.Key, kv.Value.shape,
            kv.Value.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray())).ToList();
    }

    /// <summary>Copies <paramref name="weights"/> into <paramref name="module"/>; names and shapes must match.</summary>
    public static void Load(nn.Module module, IReadOnlyList<NamedTensor> weights)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var state = module.state_dict();
        if (state.Count != weights.Count) throw new ArgumentException($"the model has {state.Count} tensors, the message {weights.Count}");
        foreach (NamedTensor w in weights)
        {
            if (!state.TryGetValue(w.Name, out Tensor? target)) throw new ArgumentException($"the model has no tensor named {w.Name}");
            if (!target.shape.SequenceEqual(w.Shape)) throw new ArgumentException($"{w.Name}: the model's shape is ({string.Join(", ", target.shape)}), the message's ({string.Join(", ", w.Shape)})");
            target.copy_(tensor(w.Values, w.Shape).to(target.dtype));
        }
    }

    /// <summary>Σ_k weight_k · model_k / Σ_k weight_k, tensor by tensor, in float64.</summary>
    public static IReadOnlyList<NamedTensor> WeightedAverage(IReadOnlyList<(double Weight, IReadOnlyList<NamedTensor> Model)> models)
    {
        if (models.Count == 0) throw new ArgumentException("nothing to average");
        double total = models.Sum(m => m.Weight);
        if (!(total > 0)) throw new ArgumentException($"the weights must sum to more than 0, got {total}");
        return models[0].Model.Select((first, t) =>
        {
            var sum = new double[first.Values.Length];
            foreach (var (weight, model) in models)
            {
                NamedTensor x = model[t];
                if (x.Name != first.Name || x.Values.Length != sum.Length) throw new ArgumentException($"tensor {t}: {x.Name} against {first.Name}");
                for (int i = 0; i < sum.Length; i++) sum[i] += weight * x.Values[i];
            }
            return new NamedTensor(first.Name, first.Shape, sum.Select(v => v / total).ToArray());
        }).ToList();
    }
}
