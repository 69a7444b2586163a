using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using Glassbox.Privacy.Federated;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;
using Glassbox.Tests.Training;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy.Federated;

public sealed class FederatedPrivacyTests
{
    static PerExampleNet Net() => DpModels.Create("gncnn", 3, 8, 8, 2, seed: 4, ScalarType.Float64);

    static NamedTensor T(string name, params double[] values) => new(name, [values.Length], values);

    [Fact]
    public void A_party_clips_its_update_and_the_server_divides_the_noised_sum_by_the_expected_count()
    {
        IReadOnlyList<NamedTensor> global = [T("a", 1, 1), T("b", 0)];
        // Δ = (3, 4, 0): norm 5, clipped to 2 → (1.2, 1.6, 0).
        var clipped = DpFedAvg.Clip(global, [T("a", 4, 5), T("b", 0)], 2);
        Assert.Equal(2.2, clipped[0].Values[0], 12);
        Assert.Equal(2.6, clipped[0].Values[1], 12);
        // Inside the ball: sent as it is.
        var small = DpFedAvg.Clip(global, [T("a", 1.5, 1), T("b", 0.5)], 2);
        Assert.Equal([1.5, 1.0], small[0].Values);
        Assert.Equal([0.5], small[1].Values);
        // Without noise: global + (Δ₁ + Δ₂)/expected, expected = 4 even though 2 parties came.
        var next = DpFedAvg.Aggregate(global, [clipped, small], clip: 2, noise: 0, expected: 4, KeySource.Insecure(1));
        Assert.Equal(1 + (1.2 + 0.5) / 4, next[0].Values[0], 12);
        Assert.Equal(1 + 1.6 / 4, next[0].Values[1], 12);
        Assert.Equal(0.5 / 4, next[1].Values[0], 12);
        // The noise: σ·S per coordinate of the sum, so σS/expected on the model.
        IReadOnlyList<NamedTensor> zero = [new NamedTensor("w", [20000], new double[20000])];
        var noised = DpFedAvg.Aggregate(zero, [], clip: 2, noise: 1.5, expected: 4, KeySource.Insecure(2));
        double std = Math.Sqrt(noised[0].Values.Select(v => v * v).Average());
        Assert.Equal(1.5 * 2 / 4, std, 0.02); // standard error of the estimate ≈ 0.004
    }

    [Fact]
    public void DP_FedAvg_reports_the_client_level_epsilon_of_its_rounds()
    {
        using var dir = new TempDir();
        ImageSplit data = TrainerTests.Synthetic();
        var options = new FederatedOptions("gncnn", Parties: 4, Rounds: 3, Fraction: 1, "iid", new LocalTraining(1, 8, 0.1, 1), Seed: 3, Threads: 1,
            Privacy: "dp:0.5,2", Delta: 1e-3);
        var records = FederatedRun.Run(data, options, dir.Path, random: KeySource.Insecure(4));
        // q = 1: R rounds of the Gaussian mechanism, RDP R·α/(2σ²); ε = min_α RDP + ln((α−1)/α) − (ln δ + ln α)/(α−1) over Opacus's orders.
        double[] orders = [.. Enumerable.Range(1, 99).Select(i => 1 + i / 10.0), .. Enumerable.Range(12, 52).Select(i => (double)i)];
        for (int r = 1; r <= 3; r++)
        {
            double expected = orders.Min(a => r * a / (2 * 2.0 * 2.0) + Math.Log((a - 1) / a) - (Math.Log(1e-3) + Math.Log(a)) / (a - 1));
            Assert.Equal(expected, records[r - 1].Epsilon!.Value, 9);
        }
        Assert.Null(FederatedRun.Run(data, options with { Privacy = "none" }, Path.Combine(dir.Path, "plain"))[0].Epsilon);

        // F = 0.5: the accountant gets q = F (the sampled Gaussian's own tests check its values against SciPy), and the log
        // leaves out who took part and their losses, which ε does not cover.
        var sampled = FederatedRun.Run(data, options with { Fraction = 0.5 }, Path.Combine(dir.Path, "sampled"), random: KeySource.Insecure(5));
        var accountant = new Glassbox.Privacy.Accounting.RdpAccountant().Add(0.5, 2, 3);
        double best = Glassbox.Privacy.Accounting.RdpAccountant.Best(Glassbox.Privacy.Accounting.RdpAccountant.DefaultOrders,
            accountant.Rdp(Glassbox.Privacy.Accounting.RdpAccountant.DefaultOrders), 1e-3, Glassbox.Privacy.Accounting.RdpConversion.Improved).Epsilon;
        Assert.Equal(best, sampled[^1].Epsilon!.Value, 12);
        Assert.True(sampled[^1].Epsilon < records[^1].Epsilon); // sampling amplifies
        Assert.All(sampled, r => { Assert.Empty(r.Parties); Assert.Null(r.LocalLoss); });
    }

    [Fact]
    public void A_DP_party_sends_an_update_of_norm_at_most_S()
    {
        ImageSplit data = TrainerTests.Synthetic();
        var batches = new ImageBatches(data.Train, DpTrainer.FixedNormalization(3), ScalarType.Float64);
        int[] shard = Enumerable.Range(0, 32).ToArray();
        using var reference = Net();
        var global = Glassbox.Privacy.Federated.ModelWeights.Capture(reference);
        double Norm(IReadOnlyList<NamedTensor> w) => Math.Sqrt(w.Zip(global).Sum(p => p.First.Values.Zip(p.Second.Values, (a, b) => (a - b) * (a - b)).Sum()));
        using var plain = new FederatedParty(0, batches, shard, Net(), new LocalTraining(1, 4, 0.3, 1));
        double raw = Norm(plain.Train(new GlobalModel(1, global)).Weights);
        Assert.True(raw > 0.05, $"the unclipped update is only {raw}: pick a smaller S");
        using var clipped = new FederatedParty(0, batches, shard, Net(), new LocalTraining(1, 4, 0.3, 1), PartyPrivacy.Parse("dp:0.05,1"));
        Assert.Equal(0.05, Norm(clipped.Train(new GlobalModel(1, global)).Weights), 9);
    }

    [Fact]
    public void An_InstaHide_party_takes_its_step_on_the_encodings_its_keys_define()
    {
        using var scope = NewDisposeScope();
        ImageSplit data = TrainerTests.Synthetic();
        var batches = new ImageBatches(data.Train, DpTrainer.FixedNormalization(3), ScalarType.Float64);
        int[] shard = [5, 9, 2, 40, 33, 17, 8, 60, 61, 12];
        const long keysSeed = 11;
        const int partyId = 2;
        using var party = new FederatedParty(partyId, batches, shard, Net(), new LocalTraining(0, 1, 0.5, 1), PartyPrivacy.Parse("instahide:2"), keysSeed);
        using var reference = Net();
        var update = party.Train(new GlobalModel(1, Glassbox.Privacy.Federated.ModelWeights.Capture(reference)));

        // Independently: the keys the party's first epoch draws, the encodings and labels by InstaHideEncoder's own loops, one step.
        var options = new InstaHideOptions(2, InstaHideMode.Inside);
        int size = data.Train.ImageSize;
        var keys = InstaHideEncoder.Draw(options, shard.Length, 0, 1, size, KeySource.Insecure(keysSeed * 1000003 + partyId, 0));
        double[] images = batches.Batch(shard, default).Input.contiguous().data<double>().ToArray();
        float[] encodings = InstaHideEncoder.Encode(keys, images, []);
        float[] soft = InstaHideEncoder.Labels(keys, 2, shard.Select(i => data.Train.Labels[i]).ToArray(), 2);
        Tensor x = tensor(encodings.Select(v => (double)v).ToArray(), [shard.Length, 3, 8, 8]);
        Tensor y = tensor(soft.Select(v => (double)v).ToArray(), [shard.Length, 2]);
        Tensor loss = y.mul(nn.functional.log_softmax(reference.forward(x), 1)).sum(1).mean().neg();
        loss.backward();
        using (no_grad()) foreach (var p in reference.Parameters) p.sub_(p.grad!.mul(0.5));
        var expected = Glassbox.Privacy.Federated.ModelWeights.Capture(reference);
        // Encode rounds each encoding to float32: agreement to that precision.
        for (int t = 0; t < expected.Count; t++)
            for (int i = 0; i < expected[t].Values.Length; i++)
                Assert.True(Math.Abs(expected[t].Values[i] - update.Weights[t].Values[i]) <= 1e-6, $"{expected[t].Name}[{i}]");
        // …and not the step on the plain images.
        using var plain = new FederatedParty(partyId, batches, shard, Net(), new LocalTraining(0, 1, 0.5, 1));
        var plainUpdate = plain.Train(new GlobalModel(1, Glassbox.Privacy.Federated.ModelWeights.Capture(Net())));
        Assert.Contains(plainUpdate.Weights.Zip(update.Weights), p => p.First.Values.Zip(p.Second.Values).Any(v => Math.Abs(v.First - v.Second) > 1e-4));
    }

    [Fact]
    public void A_run_whose_model_diverges_stops_with_the_round_and_the_remedy()
    {
        using var dir = new TempDir();
        // Noise of σS/(FP) = 1e300 per weight: finite after round 1, overflowing in round 2.
        var options = new FederatedOptions("gncnn", Parties: 2, Rounds: 3, Fraction: 1, "iid", new LocalTraining(1, 8, 0.1, 1), Seed: 3, Threads: 1,
            Privacy: "dp:1e300,2");
        var error = Assert.Throws<DivergedException>(() => FederatedRun.Run(TrainerTests.Synthetic(), options, dir.Path, random: KeySource.Insecure(1)));
        Assert.Contains("round 2: the global model diverged", error.Message);
        Assert.Contains("a smaller clipping norm S", error.Message);
        Assert.Single(File.ReadLines(Path.Combine(dir.Path, FederatedRun.RoundsFile))); // round 1 kept
        Assert.Contains("\"Round\":1,", File.ReadAllText(Path.Combine(dir.Path, FederatedRun.StateFile)));
    }

    [Theory]
    [InlineData("dp:0,1")]
    [InlineData("dp:1")]
    [InlineData("instahide:0")]
    [InlineData("secure")]
    public void Bad_privacy_settings_are_one_sentence_and_exit_2(string value)
    {
        using var dir = new TempDir();
        var result = CliRunner.Run("federated", "--data-dir", TestData.Root, "--rounds", "1", "--train-images", "100", "--privacy", value, "--out", Path.Combine(dir.Path, "run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--privacy '{value}'", result.Err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
