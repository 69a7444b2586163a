namespace Glassbox.Data;

/// <summary>
/// A data file that does not hold what its format promises. The message is one sentence,
/// "{file}: {location}: expected {what}, found {what}", so a user can fix the file without a debugger.
/// </summary>
public class DataFormatException : Exception
{
    public DataFormatException(string file, string location, string expected, string found, Exception? inner = null)
        : base($"{file}: {location}: expected {expected}, found {found}", inner)
    {
        File = file;
        Location = location;
        Expected = expected;
        Found = found;
    }

    /// <summary>Path of the offending file (or folder, for a file that should be in it).</summary>
    public string File { get; }

    /// <summary>Where in the file: "line 7, column 3", "byte offset 16", "record 12", "line 2, entry 3".</summary>
    public string Location { get; }

    public string Expected { get; }

    public string Found { get; }
}
