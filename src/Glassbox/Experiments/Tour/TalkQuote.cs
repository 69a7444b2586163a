namespace Glassbox.Experiments.Tour;

/// <summary>The talk's transcript (../shared/reference/talk-transcript.txt): claims are quoted from it word for word.</summary>
public static class TalkQuote
{
    /// <summary>Whether <paramref name="quote"/> occurs in <paramref name="transcript"/>, whitespace and case aside.</summary>
    public static bool Occurs(string transcript, string quote) =>
        Normalize(transcript).Contains(Normalize(quote), StringComparison.Ordinal);

    static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
