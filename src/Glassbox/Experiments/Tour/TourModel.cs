using System.Text.Json.Serialization;

namespace Glassbox.Experiments.Tour;

/// <summary>Quick: reduced but honest versions of every experiment (minutes); full: the complete reproduction.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TourSize>))]
public enum TourSize { Quick, Full }

/// <summary>How a measured figure stands against the published one, by the claim's own stated rule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict { Reproduced, Partly, NotReproduced }

/// <summary>
/// One claim of the talk that the tour tests: the words of the talk, the published figure and where it was published,
/// what was measured now, the verdict by <paramref name="Rule"/>, the seconds the experiment took, the command that reruns
/// it alone, and (quick tour) what was reduced to make it fit.
/// </summary>
public sealed record TourClaim(string Quote, string Published, string Source, string Measured, Verdict Verdict, string Rule,
    double Seconds, string Command, string? Reduction = null);

/// <summary>
/// A chapter's finished part of the report: its claims and its section (Markdown; plot paths relative to the report folder),
/// the wall seconds of the run that finished it, when, and the fingerprint of the chapter's plan (a section is reused only
/// while the fingerprint is the same).
/// </summary>
public sealed record ChapterSection(string Id, string Title, TourSize Size, IReadOnlyList<TourClaim> Claims, string Markdown,
    IReadOnlyList<string> Plots, double Seconds, DateTimeOffset Finished = default, string Fingerprint = "");

/// <summary>Progress inside a chapter: <paramref name="Done"/> of <paramref name="Total"/> units of the named step.</summary>
public sealed record TourStep(string Step, double Done, double Total, string Unit);

/// <summary>
/// What a chapter runs with. <paramref name="Folder"/> is the chapter's own folder inside <paramref name="ReportFolder"/>;
/// resumable result files go there. <paramref name="RepositoryRoot"/> (null outside a checkout) holds committed results.
/// <paramref name="WorkingDirectory"/> is where the tour was started: the rerun commands in the report are written for it,
/// starting with <paramref name="Launcher"/> (the path of ./glassbox from there).
/// </summary>
public sealed record TourContext(string DataRoot, string ReportFolder, string Folder, TourSize Size, string? RepositoryRoot,
    string Launcher, string WorkingDirectory, IProgress<TourStep> Progress, CancellationToken Cancel)
{
    /// <summary>A path as typed from the working directory (relative when inside it), for the commands in the report.</summary>
    public string Typed(string path)
    {
        string relative = Path.GetRelativePath(WorkingDirectory, Path.GetFullPath(path)).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    /// <summary>The folder a rerun command writes to: runs/tour-NAME beside where the tour was started, never the report itself.</summary>
    public string RerunFolder(string name) => $"runs/tour-{name}";

    /// <summary>A folder inside the chapter's folder for this size: the quick and the full plan's results are never mixed.</summary>
    public string SizeFolder => Path.Combine(Folder, Size == TourSize.Full ? "full" : "quick");

    /// <summary>A path inside the chapter's folder.</summary>
    public string File(string name) => Path.Combine(Folder, name);

    /// <summary>A path relative to the report folder, with forward slashes (for links in the report).</summary>
    public string Link(string path) => Path.GetRelativePath(ReportFolder, path).Replace('\\', '/');
}

/// <summary>
/// One chapter of the talk: a small self-contained unit that runs its experiments and renders its section. Adding a
/// chapter is adding one such type to <see cref="TourChapters.All"/>.
/// </summary>
public interface ITourChapter
{
    /// <summary>Folder name and --chapters name.</summary>
    string Id { get; }

    string Title { get; }

    /// <summary>The words of the talk each claim quotes, verbatim from its transcript (tests check them against it).</summary>
    IReadOnlyList<string> Quotes { get; }

    /// <summary>
    /// Names everything that decides the chapter's results at this size (its plan and the version of its code): a finished
    /// section with another fingerprint is computed again (from the reusable result files it left).
    /// </summary>
    string Fingerprint(TourSize size);

    /// <summary>Wall time on a 2-core machine, measured, for the up-front estimate and the overall ETA.</summary>
    TimeSpan Estimate(TourSize size);

    ChapterSection Run(TourContext context);
}
