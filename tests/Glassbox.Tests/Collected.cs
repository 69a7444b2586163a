namespace Glassbox.Tests;

/// <summary>An <see cref="IProgress{T}"/> that keeps every report, in order, on the reporting thread (unlike Progress&lt;T&gt;).</summary>
public sealed class Collected<T> : IProgress<T>
{
    public List<T> Items { get; } = [];

    public void Report(T value) => Items.Add(value);
}
