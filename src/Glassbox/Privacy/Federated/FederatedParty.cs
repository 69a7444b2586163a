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
/// can later run as a remote actor without change. Under <see cref="PartyPrivacy"/> it trains on InstaHide encodings of its
/// shard (keys of its own, fresh every local epoch), or clips its update for DP-FedAvg before sending it.
/// </summary>
public sealed class FederatedParty(int id, ImageBatches data, int[] shard, PerExampleNet net, LocalTraining training, PartyPrivacy? privacy = null,
    long? insecureKeys = null) : IDisposable
{
    readonly PartyPrivacy _privacy = privacy ?? PartyPrivacy.None;
    readonly InstaHideMixing? _mixing = privacy?.InstaHideK is int k
        ? new InstaHideMixing(new InstaHideOptions(k, InstaHideMode.Inside), data.Data.ImageSize, shard.Select(i => data.Data.Labels[i]).ToArray(), null, "none",
            insecureKeys is long s ? s * 1000003 + id : null)
        : null;
    int _epochs; // local epochs so far: the InstaHide key stream's epoch number

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
            _mixing?.BeginEpoch(_epochs++, shard.Length);
            (lossSum, seen) = Step(Enumerable.Range(0, shard.Length).ToArray());
        }
        else
        {
            for (int epoch = 0; epoch < training.Epochs; epoch++)
            {
                _mixing?.BeginEpoch(_epochs++, shard.Length);
                int[] order = SeededDraws.Order(training.Seed ^ (model.Round * 7919L + Id * 104729L), epoch, shard.Length);
                for (int start = 0; start < order.Length; start += training.BatchSize)
                {
                    var (loss, count) = Step(order[start..Math.Min(order.Length, start + training.BatchSize)]);
                    (lossSum, seen) = (lossSum + loss, seen + count);
                }
            }
        }
        IReadOnlyList<NamedTensor> weights = ModelWeights.Capture(net);
        if (_privacy.IsDp) weights = DpFedAvg.Clip(model.Weights, weights, _privacy.Clip);
        return new PartyUpdate(model.Round, Id, shard.Length, weights, seen == 0 ? 0 : lossSum / seen);
    }

    /// <summary>One SGD step on the mean loss of the shard's examples at <paramref name="positions"/> (InstaHide-encoded
    /// under that defence); returns the summed loss and the count.</summary>
    (double LossSum, long Count) Step(int[] positions)
    {
        using var scope = NewDisposeScope();
        foreach (var p in net.Parameters) p.grad?.zero_();
        int[] batch = positions.Select(i => shard[i]).ToArray();
        var (input, labels) = data.Batch(batch, default);
        Tensor loss;
        if (_mixing is null) loss = nn.functional.cross_entropy(net.forward(input), labels);
        else
        {
            var (mixed, targets) = _mixing.Mix(input, labels, positions, data.Data.Classes, positions.Length, rows => data.Batch(rows.Select(i => shard[i]).ToArray(), default).Input);
            loss = Trainer.SoftCrossEntropy(net.forward(mixed), targets);
        }
        loss.backward();
        using (no_grad())
            foreach (var p in net.Parameters) p.sub_(p.grad!.mul(training.Rate));
        return (loss.ToDouble() * positions.Length, positions.Length);
    }

    public void Dispose() => net.Dispose();
}

/// <summary>The server of federated averaging: the global model, and the average of the parties' models weighted by their
/// shard sizes — or, for DP-FedAvg, the noised sum of their clipped updates over the expected number of parties.</summary>
public sealed class FederatedServer(IReadOnlyList<NamedTensor> initial)
{
    public IReadOnlyList<NamedTensor> Weights { get; private set; } = initial;

    public GlobalModel Broadcast(int round) => new(round, Weights);

    public void Aggregate(IReadOnlyList<PartyUpdate> updates)
    {
        if (updates.Count == 0) throw new ArgumentException("no party sent an update");
        Weights = ModelWeights.WeightedAverage(updates.Select(u => ((double)u.Examples, u.Weights)).ToList());
    }

    /// <summary>DP-FedAvg's aggregation (<see cref="DpFedAvg.Aggregate"/>); a round with no party still adds the noise.</summary>
    public void AggregatePrivately(IReadOnlyList<PartyUpdate> updates, PartyPrivacy privacy, double expectedParties, KeySource random) =>
        Weights = DpFedAvg.Aggregate(Weights, updates.Select(u => u.Weights).ToList(), privacy.Clip, privacy.Noise, expectedParties, random);
}
