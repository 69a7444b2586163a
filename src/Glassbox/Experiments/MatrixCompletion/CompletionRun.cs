namespace Glassbox.Experiments.MatrixCompletion;

/// <summary>Progress of a completion run: the job starting or finished, how many are done, and live iterations.</summary>
public sealed record CompletionProgress(CompletionSpec Job, int Done, int Total, CompletionResult? Finished,
    Glassbox.MatrixCompletion.FactorizationRecord? Iteration);

/// <summary>
/// A resumable list of completion jobs: each result is saved as soon as its job finishes; jobs whose
/// key is already in the results file are skipped, so a killed run resumes where it stopped.
/// Results of other jobs in the same file are kept.
/// </summary>
public sealed class CompletionRun(IReadOnlyList<CompletionSpec> jobs, string resultsPath, string dataRoot)
{
    readonly JsonLinesFile<CompletionResult> _file = new(resultsPath, "completion result");

    public string ResultsPath => _file.Path;

    public IReadOnlyList<CompletionResult> Execute(IProgress<CompletionProgress>? progress = null, CancellationToken cancel = default)
    {
        var results = _file.Load();
        var done = results.Select(r => r.Key).ToHashSet();
        int finished = jobs.Count(j => done.Contains(j.Key));
        foreach (CompletionSpec job in jobs)
        {
            if (done.Contains(job.Key)) continue;
            cancel.ThrowIfCancellationRequested();
            progress?.Report(new CompletionProgress(job, finished, jobs.Count, null, null));
            var live = progress is null ? null : new Relay(record => progress.Report(new CompletionProgress(job, finished, jobs.Count, null, record)));
            CompletionResult result = CompletionJob.Run(job, dataRoot, live, cancel);
            results.Add(result);
            done.Add(job.Key);
            _file.Save(Ordered(results));
            progress?.Report(new CompletionProgress(job, ++finished, jobs.Count, result, null));
        }
        var keys = jobs.Select(j => j.Key).ToHashSet();
        return Ordered(results).Where(r => keys.Contains(r.Key)).ToList();
    }

    // This run's jobs in their given order, then anything else the file held, by key: an interrupted
    // and resumed run writes the same file as an uninterrupted one (up to the measured seconds).
    IEnumerable<CompletionResult> Ordered(IEnumerable<CompletionResult> results)
    {
        var rank = jobs.Select((j, i) => (j.Key, i)).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.i); // a job listed twice runs once
        return results.OrderBy(r => rank.GetValueOrDefault(r.Key, int.MaxValue)).ThenBy(r => r.Key, StringComparer.Ordinal);
    }

    sealed class Relay(Action<Glassbox.MatrixCompletion.FactorizationRecord> report) : IProgress<Glassbox.MatrixCompletion.FactorizationRecord>
    {
        public void Report(Glassbox.MatrixCompletion.FactorizationRecord value) => report(value);
    }
}
