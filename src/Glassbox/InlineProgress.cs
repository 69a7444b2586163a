namespace Glassbox;

/// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to a context this console app lacks).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
