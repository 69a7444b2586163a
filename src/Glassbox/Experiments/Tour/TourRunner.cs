using System.Diagnostics;
using System.Text.Json;
using Glassbox.Data;

namespace Glassbox.Experiments.Tour;

/// <summary>Where the tour stands: chapter <paramref name="Index"/> of <paramref name="Count"/>, the step inside it, and the whole in estimated seconds.</summary>
public sealed record TourProgress(string Chapter, int Index, int Count, TourStep? Step, double OverallDone, double OverallTotal,
    ChapterSection? Finished = null, bool Reused = false);

/// <summary>
/// Runs chapters in the talk's order. A finished chapter leaves FOLDER/ID/section.json (written atomically, last); a rerun of
/// the same size reuses it, and a chapter killed midway resumes from its own result files (UCI results, completion jobs,
/// training checkpoints), so nothing finished is computed again. <c>force</c> deletes the chosen chapters' folders first.
/// </summary>
public sealed class TourRunner(IReadOnlyList<ITourChapter> chapters, TourSize size, string reportFolder, string dataRoot,
    string? repositoryRoot, string launcher, string? workingDirectory = null)
{
    readonly List<(ChapterSection, bool)> _completed = [];

    /// <summary>The sections finished so far by <see cref="Run"/> (all of them once it returns; the ones before a failure if it throws).</summary>
    public IReadOnlyList<(ChapterSection Section, bool Reused)> Completed => _completed;

    public const string SectionFile = "section.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ReportFolder { get; } = Path.GetFullPath(reportFolder);

    /// <summary>A chapter's finished section of this size, if there is one.</summary>
    public ChapterSection? Finished(ITourChapter chapter)
    {
        string path = Path.Combine(ReportFolder, chapter.Id, SectionFile);
        if (!File.Exists(path)) return null;
        ChapterSection? section = TourFiles.Read<ChapterSection>(path, Json, "a finished chapter written by glassbox tour");
        return section is not null && section.Id == chapter.Id && section.Size == size && section.Fingerprint == chapter.Fingerprint(size) ? section : null;
    }

    /// <summary>Estimated seconds still to run: the chapters without a finished section (all of them with <paramref name="force"/>).</summary>
    public double RemainingEstimate(bool force) =>
        chapters.Where(c => force || Finished(c) is null).Sum(c => c.Estimate(size).TotalSeconds);

    public IReadOnlyList<(ChapterSection Section, bool Reused)> Run(bool force, IProgress<TourProgress>? progress = null, CancellationToken cancel = default)
    {
        _completed.Clear();
        double total = chapters.Sum(c => c.Estimate(size).TotalSeconds), done = 0;
        for (int i = 0; i < chapters.Count; i++)
        {
            ITourChapter chapter = chapters[i];
            double share = chapter.Estimate(size).TotalSeconds;
            string folder = Path.Combine(ReportFolder, chapter.Id);
            if (force && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            ChapterSection? section = Finished(chapter);
            bool reused = section is not null;
            if (section is null)
            {
                cancel.ThrowIfCancellationRequested();
                Directory.CreateDirectory(folder);
                double start = done, within = 0;
                progress?.Report(new TourProgress(chapter.Id, i, chapters.Count, null, done, total));
                // A chapter's steps each count from 0; the overall share only moves forward (it reads each step's fraction as a floor).
                var steps = new InlineProgress<TourStep>(step =>
                {
                    within = Math.Max(within, Math.Clamp(step.Total > 0 ? step.Done / step.Total : 0, 0, 1));
                    progress?.Report(new TourProgress(chapter.Id, i, chapters.Count, step, start + share * within, total));
                });
                var clock = Stopwatch.StartNew();
                section = chapter.Run(new TourContext(dataRoot, ReportFolder, folder, size, repositoryRoot, launcher,
                        workingDirectory ?? Directory.GetCurrentDirectory(), steps, cancel))
                    with { Seconds = clock.Elapsed.TotalSeconds, Finished = DateTimeOffset.UtcNow, Fingerprint = chapter.Fingerprint(size) };
                AtomicFile.WriteText(Path.Combine(folder, SectionFile), JsonSerializer.Serialize(section, Json));
            }
            done += share;
            progress?.Report(new TourProgress(chapter.Id, i, chapters.Count, null, done, total, section, reused));
            _completed.Add((section, reused));
        }
        return _completed.ToList();
    }
}
