using Glassbox.Experiments.Tour;
using Spectre.Console;

namespace Glassbox.Cli;

/// <summary>Shows an experiment's <see cref="TourStep"/> reports as progress bars, one per unit (nets, steps, entries…).</summary>
public static class StepProgress
{
    /// <summary>Runs <paramref name="work"/> under the bars; <paramref name="taskName"/> names a unit's bar when it first appears.</summary>
    public static T Run<T>(IAnsiConsole console, Func<IProgress<TourStep>, T> work, Func<TourStep, string>? taskName = null)
    {
        T result = default!;
        console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new InlineProgress<TourStep>(step =>
                {
                    if (!tasks.TryGetValue(step.Unit, out var task))
                        tasks[step.Unit] = task = context.AddTask(taskName?.Invoke(step) ?? step.Step, maxValue: Math.Max(step.Total, 1));
                    task.Description = step.Step;
                    task.Value = step.Done;
                });
                try { result = work(progress); }
                catch (InvalidDataException e) { throw new UsageException(e.Message); }
                foreach (var task in tasks.Values) task.Value = task.MaxValue;
            });
        return result;
    }
}
