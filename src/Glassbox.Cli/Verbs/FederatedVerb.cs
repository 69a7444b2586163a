using System.CommandLine;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Privacy.Federated;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox federated`: federated averaging (McMahan et al. 2017), simulated in one process; accuracy by round, resumable.</summary>
public static class FederatedVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion or cifar10", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(ImageSets.Names);
        var model = new Option<string>("--model") { Description = "samplecnn (28×28) or gncnn (GroupNorm CNN, any size)", DefaultValueFactory = _ => "samplecnn" };
        var parties = new Option<int>("--parties") { Description = "P, the number of parties", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "R, rounds of broadcast, local training and averaging", DefaultValueFactory = _ => 20 };
        var localEpochs = new Option<int>("--local-epochs") { Description = "E, local epochs per round (0: one gradient step on the whole shard, FedSGD)", DefaultValueFactory = _ => 1 };
        var split = new Option<string>("--split") { Description = "iid, or dirichlet:ALPHA (class shares per party from Dirichlet(α); small α: non-IID)", DefaultValueFactory = _ => "iid" };
        var fraction = new Option<double>("--fraction") { Description = "F, the fraction of parties chosen each round", DefaultValueFactory = _ => 1.0 };
        var batch = new Option<int>("--batch") { Description = "Local batch size", DefaultValueFactory = _ => 50 };
        var lr = new Option<double>("--lr") { Description = "Local learning rate (plain SGD)", DefaultValueFactory = _ => 0.1 };
        var privacy = new Option<string>("--privacy") { Description = "none; dp:CLIP,SIGMA (DP-FedAvg: updates clipped to CLIP, Poisson choice of parties at rate F, noise SIGMA·CLIP on their sum; ε per round); or instahide:K (parties train on InstaHide encodings of their shards)", DefaultValueFactory = _ => "none" };
        var delta = new Option<double>("--delta") { Description = "δ of DP-FedAvg's client-level (ε, δ)", DefaultValueFactory = _ => 1e-5 };
        var seed = new Option<long>("--seed") { Description = "Seed of the split, the initial model, the parties' shuffles and the choice of parties", DefaultValueFactory = _ => 1 };
        var trainImages = new Option<int?>("--train-images") { Description = "Use only the first N training images" };
        var testImages = new Option<int?>("--test-images") { Description = "Evaluate on only the first N test images" };
        var threads = new Option<int>("--threads") { Description = "LibTorch threads (0: its default)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Run folder: rounds.jsonl, state.json (a rerun with the same settings resumes)", DefaultValueFactory = _ => "runs/federated" }.Folder();
        var command = new Command("federated", "Federated averaging (McMahan et al., AISTATS 2017): parties train locally on their shards, the server averages " +
                                               "their models weighted by shard size; test accuracy by round; resumable.");
        foreach (Option option in new Option[] { dataDir, dataset, model, parties, rounds, localEpochs, split, fraction, batch, lr, privacy, delta, seed, trainImages, testImages, threads, output })
            command.Options.Add(option);
        command.SetAction(p =>
        {
            string name = p.GetValue(dataset)!, outDir = Path.GetFullPath(p.GetValue(output)!);
            ImageSplit data = DataOptions.LoadImages(name, p.GetValue(dataDir), p.GetValue(trainImages), p.GetValue(testImages));
            var options = new FederatedOptions(p.GetValue(model)!, p.GetValue(parties), p.GetValue(rounds), p.GetValue(fraction), p.GetValue(split)!,
                new LocalTraining(p.GetValue(localEpochs), p.GetValue(batch), p.GetValue(lr), p.GetValue(seed)), p.GetValue(seed), p.GetValue(threads),
                p.GetValue(privacy)!, p.GetValue(delta));
            try
            {
                options.Validate(data.Train.Count);
                Glassbox.Privacy.Dp.DpModels.Create(options.Model, data.Train.Channels, data.Train.Height, data.Train.Width, data.Train.Classes, 1).Dispose();
            }
            catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"federated averaging on {data.Train.Count} {name} images ({data.Test.Count} test), {options.Model}: {options.Parties} parties, {options.Split}, {(options.PartyPrivacy.IsDp ? $"each party with probability {options.Fraction} a round (Poisson, for the accountant)" : $"{options.PerRound} a round")}, {options.Rounds} rounds of {options.Local.Epochs} local epochs (batch {options.Local.BatchSize}, η = {options.Local.Rate}); privacy {options.Privacy}")));
            IReadOnlyList<RoundRecord> records = console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("federated", maxValue: options.Rounds);
                    return FederatedRun.Run(data, options, outDir, new InlineProgress<(int Round, int Party, int Parties)>(x =>
                    {
                        task.Value = x.Round - 1 + (double)x.Party / x.Parties;
                        task.Description = $"round {x.Round}/{options.Rounds}";
                    }));
                });
            foreach (RoundRecord r in records)
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"round {r.Round,3}  parties {(options.PartyPrivacy.IsDp ? "(not logged under DP)" : r.Parties.Length.ToString(CultureInfo.InvariantCulture))}  local loss {(r.LocalLoss is double ll ? ll.ToString("0.0000", CultureInfo.InvariantCulture) : "∞")}  test loss {(r.TestLoss is double l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "∞")} acc {100 * r.TestAccuracy:0.00}%{(r.Epsilon is double e ? $"  ε = {e:0.00} (α {r.Order}) at δ = {options.Delta:g3}" : "")}  {r.Seconds:0.0} s")));
            console.MarkupLine(Markup.Escape($"log in {Path.Combine(outDir, FederatedRun.RoundsFile)}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
