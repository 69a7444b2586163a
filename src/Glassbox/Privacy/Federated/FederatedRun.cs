using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Backend;
using Glassbox.Data;
using Glassbox.Experiments;
using Glassbox.Privacy.Accounting;
using Glassbox.Privacy.Dp;
using Glassbox.Training;

namespace Glassbox.Privacy.Federated;

/// <summary>A federated run: P parties, R rounds, a fraction F of the parties each round, how the data is split, the local training.</summary>
/// <remarks><see cref="Privacy"/>: none, dp:S,σ (DP-FedAvg, client level, ε at <see cref="Delta"/>) or instahide:k (see <see cref="PartyPrivacy"/>).</remarks>
public sealed record FederatedOptions(string Model, int Parties, int Rounds, double Fraction, string Split, LocalTraining Local, long Seed = 1, int Threads = 0,
    string Privacy = "none", double Delta = 1e-5)
{
    [JsonIgnore] public PartyPrivacy PartyPrivacy => Glassbox.Privacy.Federated.PartyPrivacy.Parse(Privacy);

    /// <summary>The Dirichlet α of a "dirichlet:α" split; null for "iid".</summary>
    public double? DirichletAlpha => Split == "iid" ? null
        : Split.StartsWith("dirichlet:", StringComparison.Ordinal) && double.TryParse(Split["dirichlet:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double a) ? a
        : throw new ArgumentException($"--split '{Split}': expected iid or dirichlet:ALPHA (for example dirichlet:0.5)");

    /// <summary>Parties per round: max(1, round(F·P)).</summary>
    public int PerRound => Math.Max(1, (int)Math.Round(Fraction * Parties));

    public void Validate(int examples)
    {
        if (Parties < 1 || Parties > examples) throw new ArgumentOutOfRangeException(nameof(Parties), $"parties must be between 1 and the {examples} training examples, got {Parties}");
        if (Rounds < 1) throw new ArgumentOutOfRangeException(nameof(Rounds), $"rounds must be ≥ 1, got {Rounds}");
        if (!(Fraction > 0 && Fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(Fraction), $"the fraction of parties per round must be in (0, 1], got {Fraction}");
        if (DirichletAlpha is double a && !(a > 0 && double.IsFinite(a))) throw new ArgumentOutOfRangeException(nameof(Split), $"the Dirichlet α must be finite and > 0, got {a}");
        _ = PartyPrivacy;
        if (!(Delta > 0 && Delta < 1)) throw new ArgumentOutOfRangeException(nameof(Delta), $"δ must be in (0, 1), got {Delta}");
        Local.Validate();
    }
}

/// <summary>One round: which parties trained, the global model's test loss and accuracy after averaging, their mean local loss
/// (both left out under DP-FedAvg, where they would leak who took part);
/// under DP-FedAvg the client-level ε spent after this round (improved conversion) and its order, else null. A loss that
/// overflowed (a model wrecked by noise) is null: JSON has no infinity, and the run must go on to say so.</summary>
public sealed record RoundRecord(int Round, int[] Parties, double? TestLoss, double TestAccuracy, double? LocalLoss, double Seconds,
    double? Epsilon = null, double? Order = null);

/// <summary>What a run folder holds between rounds: the settings, the rounds done and the global model after them.</summary>
public sealed record FederatedState(string Identity, int Round, IReadOnlyList<NamedTensor> Weights);

/// <summary>
/// Federated averaging in one process: the server broadcasts, the chosen parties train locally and send their models back,
/// the server averages them weighted by shard size. Parties and server talk only through messages (see
/// <see cref="FederatedParty"/>). After every round the global model and the settings go to <c>state.json</c> (atomically)
/// and the round to <c>rounds.jsonl</c>; a rerun with the same settings resumes, with other settings it is refused.
/// Under DP-FedAvg the parties of a round are a Poisson sample (each with probability F, as the accountant assumes) drawn,
/// like the server's noise, from <paramref name="random"/> (the cryptographic generator unless the caller asks otherwise);
/// otherwise ⌈F·P⌉ parties, replayably from the seed.
/// </summary>
public static class FederatedRun
{
    public const string StateFile = "state.json", RoundsFile = "rounds.jsonl";

    public static IReadOnlyList<RoundRecord> Run(ImageSplit data, FederatedOptions options, string folder,
        IProgress<(int Round, int Party, int Parties)>? progress = null, CancellationToken cancel = default, KeySource? random = null)
    {
        random ??= KeySource.Secure();
        options.Validate(data.Train.Count);
        TorchBackend.SetThreads(options.Threads);
        ImageDataset train = data.Train;
        var normalization = DpTrainer.FixedNormalization(train.Channels);
        var trainBatches = new ImageBatches(train, normalization, TorchSharp.torch.ScalarType.Float32);
        var testBatches = new ImageBatches(data.Test, normalization, TorchSharp.torch.ScalarType.Float32);
        int[][] shards = options.DirichletAlpha is double alpha
            ? ShardSplit.Dirichlet(train.Labels.AsSpan(0, train.Count).ToArray(), train.Classes, options.Parties, alpha, KeySource.Insecure(options.Seed))
            : ShardSplit.Iid(train.Count, options.Parties, KeySource.Insecure(options.Seed));
        PerExampleNet Make() => DpModels.Create(options.Model, train.Channels, train.Height, train.Width, train.Classes, options.Seed);
        // Everything that changes the trajectory; the number of rounds may grow and the thread count change.
        string identity = JsonSerializer.Serialize(options with { Rounds = 0, Threads = 0 }) + $" train {Trainer.Shape(train)} {Trainer.Fingerprint(train)} test {Trainer.Shape(data.Test)}";

        Directory.CreateDirectory(folder);
        string statePath = Path.Combine(folder, StateFile);
        var roundsFile = new JsonLinesFile<RoundRecord>(Path.Combine(folder, RoundsFile), "federated round");
        using var global = Make();
        var server = new FederatedServer(ModelWeights.Capture(global));
        var records = new List<RoundRecord>();
        if (File.Exists(statePath))
        {
            FederatedState state = JsonSerializer.Deserialize<FederatedState>(File.ReadAllText(statePath))
                ?? throw new InvalidDataException($"{statePath}: not a federated run's state");
            if (state.Identity != identity)
                throw new InvalidDataException($"{statePath} belongs to a run with other settings (saved: {state.Identity}; now: {identity}); choose another --out");
            if (state.Round > options.Rounds)
                throw new InvalidDataException($"{statePath} holds {state.Round} rounds, more than the {options.Rounds} asked for; choose another --out");
            server = new FederatedServer(state.Weights);
            records.AddRange(roundsFile.Load().Take(state.Round));
        }
        PartyPrivacy privacy = options.PartyPrivacy;
        var parties = shards.Select((shard, i) => new FederatedParty(i, trainBatches, shard, Make(), options.Local with { Seed = options.Seed }, privacy,
            random.IsSecure ? null : random.InsecureSeed)).ToList();
        try
        {
            for (int round = records.Count + 1; round <= options.Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                int[] chosen = privacy.IsDp
                    ? Enumerable.Range(0, options.Parties).Where(_ => random.NextDouble() < options.Fraction).ToArray()
                    : SeededDraws.Order(options.Seed, round, options.Parties).Take(options.PerRound).Order().ToArray();
                GlobalModel message = server.Broadcast(round);
                var updates = new List<PartyUpdate>();
                foreach (int p in chosen)
                {
                    cancel.ThrowIfCancellationRequested();
                    updates.Add(parties[p].Train(message));
                    progress?.Report((round, updates.Count, chosen.Length));
                }
                PrivacySpent? spent = null;
                if (privacy.IsDp)
                {
                    server.AggregatePrivately(updates, privacy, options.Fraction * options.Parties, random);
                    double[] rdp = new RdpAccountant().Add(options.Fraction, privacy.Noise, round).Rdp(RdpAccountant.DefaultOrders);
                    spent = RdpAccountant.Best(RdpAccountant.DefaultOrders, rdp, options.Delta, RdpConversion.Improved);
                }
                else server.Aggregate(updates);
                // A wrecked model cannot be saved (JSON has no NaN) and would only stay wrecked: stop, keeping the rounds so far.
                if (server.Weights.Any(w => w.Values.Any(v => !double.IsFinite(v))))
                    throw new DivergedException($"round {round}: the global model diverged (non-finite weights){(privacy.IsDp ? $"; DP-FedAvg adds noise σS/(FP) = {privacy.Noise * privacy.Clip / (options.Fraction * options.Parties):g3} to every weight each round: a smaller clipping norm S, or more parties, keeps it finite" : "; a smaller learning rate may help")}. Rounds 1–{round - 1} are in {Path.Combine(folder, RoundsFile)}");
                ModelWeights.Load(global, server.Weights);
                var (testLoss, testAccuracy) = Trainer.Evaluate(global, testBatches, 1000);
                long examples = updates.Sum(u => (long)u.Examples);
                double localLoss = examples == 0 ? 0 : updates.Sum(u => u.LocalLoss * u.Examples) / examples;
                // Under DP-FedAvg who took part, and their training losses, are outside what ε covers (the accountant's
                // amplification assumes the draw stays secret): the log keeps only the global model's figures.
                records.Add(new RoundRecord(round, privacy.IsDp ? [] : chosen, double.IsFinite(testLoss) ? testLoss : null, testAccuracy,
                    privacy.IsDp || !double.IsFinite(localLoss) ? null : localLoss, clock.Elapsed.TotalSeconds, spent?.Epsilon, spent?.Order));
                roundsFile.Save(records);
                AtomicFile.WriteText(statePath, JsonSerializer.Serialize(new FederatedState(identity, round, server.Weights)));
            }
        }
        finally
        {
            foreach (var party in parties) party.Dispose();
        }
        return records;
    }
}

/// <summary>Training ran into non-finite weights; the message says at which round and what to change.</summary>
public sealed class DivergedException(string message) : Exception(message);
