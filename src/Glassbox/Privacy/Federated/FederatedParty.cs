using Glassbox.Privacy.Dp;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Federated;

/// <summary>What a party does with the global model: E local epochs of minibatch SGD, or (E = 0) FedSGD's one full-shard gradient step.</summary>
public sealed record LocalTraining(int Epochs, int BatchSize, double Rate, long Seed)
{
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"local epochs must be ≥ 0 (0: one gradient step, FedSGD), got {Epochs}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"the local batch size must be ≥ 1, got {BatchSize}");
        if (!(Rate > 0) || !double.IsFinite(Rate)) throw new ArgumentOutOfRangeException(nameof(Rate), $"the local learning rate must be finite and > 0, got {Rate}");
    }
}

/// <summary>
/// One party of federated averaging (McMahan et al., AISTATS 2017): it holds its shard and its own copy of the net, and
/// talks to the server only through messages — <see cref="GlobalModel"/> in, <see cref="PartyUpdate"/> out — so that it
/// can later run as a remote actor without change.
/// </summary>
public sealed class FederatedParty(int id, ImageBatches data, int[] shard, PerExampleNet net, LocalTraining training) : IDisposable
{
    public int Id { get; } = id;
    public int Examples => shard.Length;

    public PartyUpdate Train(GlobalModel model)
    {
        ModelWeights.Load(net, model.Weights);
        double lossSum = 0;
        long seen = 0;
        if (training.Epochs == 0)
        {
            // FedSGD: one step along the gradient of the mean loss over the whole shard.
            (lossSum, seen) = Step(shard, shard.Length);
        }
        else
        {
            for (int epoch = 0; epoch < training.Epochs; epoch++)
            {
                int[] order = SeededDraws.Order(training.Seed ^ (model.Round * 7919L + Id * 104729L), epoch, shard.Length).Select(i => shard[i]).ToArray();
                for (int start = 0; start < order.Length; start += training.BatchSize)
                {
                    int[] batch = order[start..Math.Min(order.Length, start + training.BatchSize)];
                    var (loss, count) = Step(batch, batch.Length);
                    (lossSum, seen) = (lossSum + loss, seen + count);
                }
            }
        }
        return new PartyUpdate(model.Round, Id, shard.Length, ModelWeights.Capture(net), seen == 0 ? 0 : lossSum / seen);
    }

    /// <summary>One SGD step on the mean loss of <paramref name="batch"/>; returns the summed loss and the count.</summary>
    (double LossSum, long Count) Step(int[] batch, int count)
    {
        using var scope = NewDisposeScope();
        foreach (var p in net.Parameters) p.grad?.zero_();
        var (input, labels) = data.Batch(batch, default);
        Tensor loss = nn.functional.cross_entropy(net.forward(input), labels);
        loss.backward();
        using (no_grad())
            foreach (var p in net.Parameters) p.sub_(p.grad!.mul(training.Rate));
        return (loss.ToDouble() * count, count);
    }

    public void Dispose() => net.Dispose();
}

/// <summary>The server of federated averaging: the global model, and the average of the parties' models weighted by their shard sizes.</summary>
public sealed class FederatedServer(IReadOnlyList<NamedTensor> initial)
{
    public IReadOnlyList<NamedTensor> Weights { get; private set; } = initial;

    public GlobalModel Broadcast(int round) => new(round, Weights);

    public void Aggregate(IReadOnlyList<PartyUpdate> updates)
    {
        if (updates.Count == 0) throw new ArgumentException("no party sent an update");
        Weights = ModelWeights.WeightedAverage(updates.Select(u => ((double)u.Examples, u.Weights)).ToList());
    }
}
