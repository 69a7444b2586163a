using System.CommandLine;
using Glassbox.Data;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox data check`: read every data set strictly and say which are usable.</summary>
public static class DataVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var check = new Command("check",
            "Validate every data set under the data root (one line each); exit 1 if a present set is corrupt.");
        check.Options.Add(dataDir);
        check.SetAction(parsed => Check(console, DataOptions.ResolveRoot(parsed.GetValue(dataDir))));

        var data = new Command("data", "Inspect the data sets Glassbox reads.");
        data.Subcommands.Add(check);
        return data;
    }

    static int Check(IAnsiConsole console, string root)
    {
        console.MarkupLine($"data root: {root.EscapeMarkup()}");
        string uci = DataPaths.Uci(root);
        int expected = (Directory.Exists(uci) ? UciCatalog.ListDatasets(uci).Count : 1) + 4;
        IReadOnlyList<DatasetCheck> checks = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("checking data sets", maxValue: expected);
                return DataCatalog.CheckAll(root, new InlineProgress<DatasetCheck>(_ => task.Increment(1)));
            });

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("name", "kind", "rows", "features", "classes", "status", "detail");
        foreach (DatasetCheck c in checks)
            table.AddRow(c.Name.EscapeMarkup(), c.Kind, Text(c.Rows), Text(c.Features), Text(c.Classes),
                c.IsOk ? "[green]OK[/]" : c.Status == DatasetStatus.Corrupt ? "[red]corrupt[/]" : $"[yellow]{c.Status}[/]",
                (c.Detail ?? "").EscapeMarkup());
        console.Write(table);

        int ok = checks.Count(c => c.IsOk), corrupt = checks.Count(c => c.Status == DatasetStatus.Corrupt);
        console.MarkupLine($"{ok} OK, {corrupt} corrupt, {checks.Count - ok - corrupt} absent or not installed");
        return corrupt == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static string Text(int? value) => value?.ToString() ?? "-";
}
