using System.Text.Json;
using Glassbox.Data;

namespace Glassbox.Experiments.Tour;

/// <summary>Reads the JSON files a chapter leaves for reuse; an unreadable one is an error naming it and the way out.</summary>
public static class TourFiles
{
    public static T? Read<T>(string path, JsonSerializerOptions options, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "the whole file", $"{what} (rerun the tour with --force to recompute it)",
                $"unreadable JSON ({e.Message})", e);
        }
    }
}
