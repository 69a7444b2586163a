using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Data;

namespace Glassbox.Cli;

/// <summary>What verbs write besides their results files: JSON and Markdown, always atomically.</summary>
public static class CliFiles
{
    /// <summary>Indented snake_case JSON; NaN and infinities as named literals (a metric may be undefined).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson<T>(string path, T value) => AtomicFile.WriteText(path, JsonSerializer.Serialize(value, Json));

    public static void WriteText(string path, string text) => AtomicFile.WriteText(path, text);
}
