using static System.FormattableString;
using System.Globalization;
using System.Net;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments.Tour;
using Markdig;

namespace Glassbox.Reporting;

/// <summary>
/// How a tour run went, for the report's header: the chapters it took from an earlier run of the folder, the commit of the code
/// (with "+changes" when the checkout had uncommitted edits), and the error that stopped it, if one did.
/// </summary>
public sealed record TourRunInfo(TourSize Size, DateTimeOffset Finished, double WallSeconds, string Command, int Cores,
    IReadOnlyList<string> ReusedChapters, string Commit, string? Failure = null);

/// <summary>
/// The tour's report: report.md (for reading on GitHub) and index.html (the same Markdown through Markdig, styles inline,
/// plots as PNG files beside it), both written atomically.
/// </summary>
public static class TourReport
{
    public const string MarkdownFile = "report.md", HtmlFile = "index.html";
    public const string Title = "Opening the black box of deep learning: the talk, reproduced";

    // Raw HTML off: every byte of the page comes from Markdown the tour wrote.
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static void Write(string folder, IReadOnlyList<ChapterSection> sections, TourRunInfo info)
    {
        string markdown = Markdown(sections, info);
        AtomicFile.WriteText(Path.Combine(folder, MarkdownFile), markdown);
        AtomicFile.WriteText(Path.Combine(folder, HtmlFile), Html(markdown));
    }

    public static string Markdown(IReadOnlyList<ChapterSection> sections, TourRunInfo info)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title}");
        md.AppendLine();
        md.AppendLine("Each claim of Sanjeev Arora's talk that Glassbox can test, with the experiment that tests it, run on this machine. Quotes are " +
            "from the talk's transcript; published figures name their paper.");
        md.AppendLine();
        string size = info.Size == TourSize.Full ? "full reproduction" : "quick tour (reduced experiments; each reduction is stated beside its figure)";
        md.AppendLine(Invariant($"*{size}; finished {info.Finished:yyyy-MM-dd HH:mm} UTC after {info.WallSeconds:0} s wall on {info.Cores} cores (this invocation{(info.ReusedChapters.Count > 0 ? $"; reused from an earlier run of this folder: {string.Join(", ", info.ReusedChapters)}" : "")}); code {info.Commit}; command `{info.Command}`.*"));
        md.AppendLine();
        if (info.Failure is not null)
        {
            md.AppendLine($"**This run stopped with an error; only the chapters finished before it are shown.** {info.Failure}");
            md.AppendLine();
        }
        md.AppendLine("## Claims at a glance");
        md.AppendLine();
        var table = new MarkdownTable("#", "the talk says", "published", "measured now", "verdict", "compute s");
        int n = 0;
        foreach (ChapterSection section in sections)
            foreach (TourClaim claim in section.Claims)
                table.Add($"{++n}", Cell($"“{claim.Quote}”"), Cell($"{claim.Published} ({claim.Source})"),
                    Cell(claim.Measured + (claim.Reduction is null ? "" : $" — reduced: {claim.Reduction}")), $"**{VerdictRules.Text(claim.Verdict)}**",
                    Invariant($"{claim.Seconds:0.0}"));
        md.Append(table.ToString());
        md.AppendLine();
        md.AppendLine("*compute s*: the seconds the claim's experiments took when they were computed (recorded with their results, so a " +
            "resumed or reused run shows the original cost; experiments shared by two claims count in both).");
        md.AppendLine();
        md.AppendLine("Verdicts: each claim states its rule below (a bound on the distance between the measured and the published figure, or " +
            "the comparison the talk makes): **reproduced** when the rule holds, **partly** when its weaker form holds, **not reproduced** otherwise.");
        md.AppendLine();
        n = 0;
        foreach (ChapterSection section in sections)
        {
            md.AppendLine($"## {section.Title}");
            md.AppendLine();
            if (info.ReusedChapters.Contains(section.Id))
            {
                md.AppendLine(Invariant($"*Reused: this chapter was finished by an earlier run at {section.Finished:yyyy-MM-dd HH:mm} UTC.*"));
                md.AppendLine();
            }
            foreach (TourClaim claim in section.Claims)
            {
                md.AppendLine($"**Claim {++n}.** *“{claim.Quote}”*");
                md.AppendLine();
                md.AppendLine($"- Published: {claim.Published} — {claim.Source}");
                md.AppendLine($"- Measured now: {claim.Measured}");
                if (claim.Reduction is not null) md.AppendLine($"- Reduced: {claim.Reduction}");
                md.AppendLine($"- Verdict: **{VerdictRules.Text(claim.Verdict)}** (rule: {claim.Rule})");
                md.AppendLine(Invariant($"- {claim.Seconds:0.0} s of compute; rerun alone: `{claim.Command}`"));
                md.AppendLine();
            }
            md.AppendLine(section.Markdown.TrimEnd());
            md.AppendLine();
            md.AppendLine(Invariant($"*Wall time of the run that wrote this section: {section.Seconds:0} s (experiments it found finished in the folder were reused, not recomputed; their compute seconds are in the claims).*"));
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>A self-contained page: the Markdown rendered by Markdig inside a fixed template with inline styles.</summary>
    public static string Html(string markdown) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(Title)}</title>
        <style>
        body {"{"} font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1d232a; background: #fff; margin: 0; {"}"}
        main {"{"} max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; {"}"}
        h1 {"{"} font-size: 1.8rem; margin-bottom: 0.3rem; {"}"}
        h2 {"{"} border-bottom: 2px solid #d9dee3; padding-bottom: 0.2rem; margin-top: 2.5rem; {"}"}
        table {"{"} border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; {"}"}
        th, td {"{"} border: 1px solid #c9d1d9; padding: 0.35rem 0.55rem; vertical-align: top; text-align: left; {"}"}
        th {"{"} background: #f0f3f6; {"}"}
        tr:nth-child(even) td {"{"} background: #fafbfc; {"}"}
        code {"{"} background: #f0f3f6; padding: 0.1rem 0.3rem; border-radius: 3px; font-size: 0.85em; {"}"}
        img {"{"} max-width: 100%; height: auto; display: block; margin: 1rem 0; border: 1px solid #e1e4e8; {"}"}
        strong {"{"} color: #0b3d62; {"}"}
        </style>
        </head>
        <body>
        <main>
        {Markdig.Markdown.ToHtml(markdown, Pipeline)}
        </main>
        </body>
        </html>
        """;

    static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
