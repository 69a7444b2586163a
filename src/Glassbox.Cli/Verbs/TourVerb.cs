using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.Tour;
using Glassbox.Reporting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox tour`: the talk, claim by claim, each tested by its experiment, as one report.</summary>
public static class TourVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var full = new Option<bool>("--full") { Description = "The complete reproduction (about 2 hours on 2 cores) instead of the quick tour (about 6 minutes)" };
        var chapters = new Option<string?>("--chapters")
        {
            Description = $"Comma-separated chapters to run (default: all): {string.Join(", ", TourChapters.All.Select(c => c.Id))}",
        };
        var output = new Option<string>("--out") { Description = "Report folder (index.html, report.md, plots, result files)", DefaultValueFactory = _ => "report" }.Folder();
        var force = new Option<bool>("--force") { Description = "Recompute the chosen chapters even if this folder holds finished ones" };
        var command = new Command("tour",
            "Reproduce the talk: for every claim Glassbox can test, run its experiment and write a report (OUT/index.html, OUT/report.md) " +
            "with the claim, the published figure, the figure measured now, a verdict, the seconds and the command that reruns it. " +
            "Resumable: finished chapters and experiments in OUT are reused.");
        foreach (Option o in new Option[] { dataDir, full, chapters, output, force }) command.Options.Add(o);
        command.SetAction(p =>
        {
            IReadOnlyList<ITourChapter> chosen;
            try
            {
                chosen = TourChapters.Select(p.GetValue(chapters));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--chapters: {e.Message}");
            }
            string outDir = p.GetValue(output)!;
            string root = DataOptions.ResolveRoot(p.GetValue(dataDir));
            var size = p.GetValue(full) ? TourSize.Full : TourSize.Quick;
            return Run(console, chosen, size, outDir, root, p.GetValue(force), CommandLine(p));
        });
        return command;
    }

    static int Run(IAnsiConsole console, IReadOnlyList<ITourChapter> chapters, TourSize size, string outDir, string root, bool force, string commandLine)
    {
        string? repository = RepositoryRoot.Find();
        string cwd = Directory.GetCurrentDirectory();
        var runner = new TourRunner(chapters, size, outDir, root, repository, Launcher(repository, cwd), cwd);
        double estimate = runner.RemainingEstimate(force);
        console.MarkupLine(Markup.Escape($"glassbox tour ({(size == TourSize.Full ? "full reproduction" : "quick")}): {chapters.Count} chapter(s) → {runner.ReportFolder}; " +
            $"estimated {Duration(estimate)} on 2 cores" + (estimate < chapters.Sum(c => c.Estimate(size).TotalSeconds) ? " (finished chapters are reused)" : "")));
        var clock = Stopwatch.StartNew();
        Exception? failure = null;
        try
        {
            RunWithProgress(console, runner, force);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
        }

        // The report shows every finished chapter of this size in the folder, also those this run did not choose.
        var finished = runner.Completed.ToDictionary(s => s.Section.Id);
        var others = new TourRunner(TourChapters.All.Where(c => !finished.ContainsKey(c.Id)).ToList(), size, outDir, root, repository, "", cwd);
        var sections = TourChapters.All
            .Select(c => finished.TryGetValue(c.Id, out var done) ? done : others.Finished(c) is { } old ? (old, true) : default)
            .Where(s => s.Item1 is not null).ToList();
        var info = new TourRunInfo(size, DateTimeOffset.UtcNow, clock.Elapsed.TotalSeconds, commandLine, Environment.ProcessorCount,
            sections.Where(s => s.Item2).Select(s => s.Item1.Id).ToList(), RepositoryRoot.Commit(repository), failure?.Message);
        if (sections.Count > 0) TourReport.Write(runner.ReportFolder, sections.Select(s => s.Item1).ToList(), info);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();

        var table = new Table().Border(TableBorder.Simple).AddColumns("#", "claim", "measured now", "verdict", "s");
        int n = 0;
        foreach (var (section, _) in sections)
            foreach (TourClaim claim in section.Claims)
                table.AddRow($"{++n}", Markup.Escape(Trim(claim.Quote, 48)), Markup.Escape(Trim(claim.Measured, 70)), VerdictRules.Text(claim.Verdict),
                    claim.Seconds.ToString("0", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine(Markup.Escape($"report: {Path.Combine(runner.ReportFolder, TourReport.HtmlFile)} and {TourReport.MarkdownFile}; " +
            $"wall time {clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"));
        return ExitCodes.Ok;
    }

    static void RunWithProgress(IAnsiConsole console, TourRunner runner, bool force) =>
        console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var overall = context.AddTask("tour", maxValue: 1);
                var step = context.AddTask("starting", maxValue: 1);
                // The rate is counted per unit (jobs, epochs, steps) from the first report in that unit.
                var unitClock = Stopwatch.StartNew();
                (string Chapter, string Unit, double Start)? unit = null;
                runner.Run(force, new InlineProgress<TourProgress>(p =>
                {
                    overall.MaxValue = Math.Max(p.OverallTotal, 1e-9);
                    overall.Value = Math.Min(p.OverallDone, overall.MaxValue);
                    overall.Description = Markup.Escape(Trim($"chapter {p.Index + 1}/{p.Count} {p.Chapter}", 38));
                    if (p.Step is { } s)
                    {
                        if (unit is not { } u || u.Chapter != p.Chapter || u.Unit != s.Unit || s.Done < u.Start)
                        {
                            unit = (p.Chapter, s.Unit, s.Done);
                            unitClock.Restart();
                        }
                        double seconds = unitClock.Elapsed.TotalSeconds, rate = seconds > 1 ? (s.Done - unit.Value.Start) / seconds : 0;
                        step.MaxValue = Math.Max(s.Total, 1e-9);
                        step.Value = Math.Min(s.Done, step.MaxValue);
                        string count = s.Unit == "work" ? "" : string.Create(CultureInfo.InvariantCulture,
                            $" {s.Done:0}/{s.Total:0} {s.Unit}{(rate > 0 ? $" {rate:0.00}/s" : "")}");
                        step.Description = Markup.Escape(Trim(s.Step + count, 38));
                    }
                    if (p.Finished is { } f)
                        console.MarkupLine(Markup.Escape(p.Reused
                            ? $"{f.Id}: reused the finished chapter in {Path.Combine(runner.ReportFolder, f.Id)}"
                            : string.Create(CultureInfo.InvariantCulture, $"{f.Id}: done in {f.Seconds:0} s")));
                }));
                overall.Value = overall.MaxValue;
                step.Value = step.MaxValue;
                step.Description = "done";
            });

    /// <summary>How to call ./glassbox from the working directory: "./glassbox" in the checkout, a path elsewhere.</summary>
    static string Launcher(string? repository, string cwd)
    {
        if (repository is null) return "glassbox";
        string relative = Path.GetRelativePath(cwd, Path.Combine(repository, "glassbox"));
        return relative.Contains('/') ? (relative.StartsWith("..", StringComparison.Ordinal) ? Path.Combine(repository, "glassbox") : relative) : "./" + relative;
    }

    static string CommandLine(ParseResult p) => "glassbox " + string.Join(' ', p.Tokens.Select(t => t.Value));

    static string Duration(double seconds) => seconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min");

    static string Trim(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
