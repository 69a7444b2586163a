using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using Glassbox.Privacy.Federated;
using Glassbox.Tests.Training;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy.Federated;

public sealed class FederatedAveragingTests
{
    static PerExampleNet Net() => DpModels.Create("gncnn", 3, 8, 8, 2, seed: 4, ScalarType.Float64);

    [Fact]
    public void FedSgd_weighted_by_shard_size_is_one_gradient_step_on_all_the_data()
    {
        using var scope = NewDisposeScope();
        ImageSplit data = TrainerTests.Synthetic();
        var batches = new ImageBatches(data.Train, PixelNormalization.Of(data.Train), ScalarType.Float64);
        int[][] shards = ShardSplit.Dirichlet(data.Train.Labels, 2, 3, 0.5, KeySource.Insecure(2)); // unequal shards
        Assert.True(shards.Select(s => s.Length).Distinct().Count() > 1);
        using var reference = Net();
        var server = new FederatedServer(ModelWeights.Capture(reference));
        var parties = shards.Select((s, i) => new FederatedParty(i, batches, s, Net(), new LocalTraining(0, 1, 0.3, 1))).ToList();
        GlobalModel global = server.Broadcast(1);
        server.Aggregate(parties.Select(p => p.Train(global)).ToList());

        // Independently: one step of gradient descent on the mean loss over all 64 examples.
        var (input, labels) = batches.Batch(Enumerable.Range(0, 64).ToArray(), default);
        nn.functional.cross_entropy(reference.forward(input), labels).backward();
        using (no_grad()) foreach (var p in reference.Parameters) p.sub_(p.grad!.mul(0.3));
        var expected = ModelWeights.Capture(reference);
        for (int t = 0; t < expected.Count; t++)
            for (int i = 0; i < expected[t].Values.Length; i++)
                Assert.True(Math.Abs(expected[t].Values[i] - server.Weights[t].Values[i]) <= 1e-12 * (1 + Math.Abs(expected[t].Values[i])),
                    $"{expected[t].Name}[{i}]: {expected[t].Values[i]:R} centrally, {server.Weights[t].Values[i]:R} federated");
        Assert.Contains(expected.Zip(ModelWeights.Capture(Net())), p => !p.First.Values.SequenceEqual(p.Second.Values)); // the step moved something
        foreach (var p in parties) p.Dispose();
    }

    [Fact]
    public void Local_epochs_of_minibatch_sgd_differ_from_one_step_and_lower_the_local_loss()
    {
        ImageSplit data = TrainerTests.Synthetic();
        var batches = new ImageBatches(data.Train, PixelNormalization.Of(data.Train), ScalarType.Float64);
        using var net = Net();
        var global = new GlobalModel(1, ModelWeights.Capture(net));
        int[] shard = Enumerable.Range(0, 64).ToArray();
        using var once = new FederatedParty(0, batches, shard, Net(), new LocalTraining(0, 8, 0.1, 1));
        using var many = new FederatedParty(0, batches, shard, Net(), new LocalTraining(3, 8, 0.1, 1));
        PartyUpdate a = once.Train(global), b = many.Train(global), again = many.Train(global);
        Assert.Equal(64, b.Examples);
        Assert.NotEqual(a.Weights[0].Values, b.Weights[0].Values);
        Assert.Equal(b.Weights[0].Values, again.Weights[0].Values); // a party's shuffles depend on (seed, round, party) only
    }

    [Fact]
    public void Iid_shards_deal_every_example_once_and_evenly()
    {
        int[][] shards = ShardSplit.Iid(103, 10, KeySource.Insecure(1));
        Assert.Equal(Enumerable.Range(0, 103), shards.SelectMany(s => s).Order());
        Assert.True(shards.Max(s => s.Length) - shards.Min(s => s.Length) <= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSplit.Iid(5, 6, KeySource.Insecure(1)));
    }

    [Fact]
    public void Dirichlet_shards_deal_every_example_once_and_concentrate_classes_as_alpha_falls()
    {
        byte[] labels = Enumerable.Range(0, 5000).Select(i => (byte)(i % 10)).ToArray();
        double MeanLargestClassShare(double alpha)
        {
            int[][] shards = ShardSplit.Dirichlet(labels, 10, 10, alpha, KeySource.Insecure(3));
            Assert.Equal(Enumerable.Range(0, 5000), shards.SelectMany(s => s).Order());
            return shards.Where(s => s.Length > 0).Average(s => s.GroupBy(i => labels[i]).Max(g => g.Count()) / (double)s.Length);
        }
        // α = 0.1: most of a party's data from one or two classes; α = 1000: every class about 1/10.
        Assert.True(MeanLargestClassShare(0.1) > 0.5);
        Assert.InRange(MeanLargestClassShare(1000), 0.1, 0.14);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSplit.Dirichlet(labels, 10, 10, 0, KeySource.Insecure(3)));
    }

    [Fact]
    public void A_message_for_another_model_is_refused()
    {
        using var net = Net();
        var weights = ModelWeights.Capture(net);
        var wrong = weights.Select((w, i) => i == 0 ? w with { Shape = [.. w.Shape.Reverse()] } : w).ToList();
        Assert.Equal([32L, 3, 3, 3], weights[0].Shape); // reversed, a shape the model does not have
        Assert.Contains("the model's shape is", Assert.Throws<ArgumentException>(() => ModelWeights.Load(net, wrong)).Message);
        Assert.Contains("tensors, the message", Assert.Throws<ArgumentException>(() => ModelWeights.Load(net, weights.Skip(1).ToList())).Message);
    }
}
