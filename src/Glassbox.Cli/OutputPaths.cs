using System.CommandLine;
using System.CommandLine.Parsing;

namespace Glassbox.Cli;

/// <summary>
/// Checks of output locations at parse time, before any work: the nearest existing folder on the path must be a folder
/// (not a file) that this process can write in, and a file's extension must be one the verb writes. A bad location is a
/// usage error (exit 2) naming the option, the path and the reason.
/// </summary>
internal static class OutputPaths
{
    public static Option<string> Folder(this Option<string> option)
    {
        option.Validators.Add(result => Validate(result, option.Name, result.GetValueOrDefault<string>(), null));
        return option;
    }

    public static Option<string?> File(this Option<string?> option, params string[] extensions)
    {
        option.Validators.Add(result => Validate(result, option.Name, result.GetValueOrDefault<string?>(), extensions));
        return option;
    }

    static void Validate(OptionResult result, string name, string? path, string[]? extensions)
    {
        if (string.IsNullOrEmpty(path)) return;
        if (Problem(path, extensions) is { } problem) result.AddError($"{name} {path}: {problem}");
    }

    /// <summary>Why nothing can be written at <paramref name="path"/> (a folder, or a file with one of <paramref name="extensions"/>), or null.</summary>
    public static string? Problem(string path, string[]? extensions)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"not a usable path ({e.Message})";
        }
        if (extensions is not null && !extensions.Any(x => full.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
            return $"expected a file ending in {string.Join(" or ", extensions)}";
        if (extensions is not null && Directory.Exists(full)) return "is a folder, expected a file";
        if (extensions is null && System.IO.File.Exists(full)) return "is a file, expected a folder";

        // The nearest part of the path that exists decides: it must be a folder we can create files in.
        string? existing = extensions is null ? full : Path.GetDirectoryName(full);
        while (existing is not null && !Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing)) return $"{existing} is a file, so nothing can be created under it";
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null) return "no existing folder above it";
        string probe = Path.Combine(existing, $".glassbox-write-test.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (System.IO.File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in {existing} ({e.Message})";
        }
    }
}
