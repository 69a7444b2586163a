namespace Glassbox.Data;

/// <summary>
/// A data set whose file is absent (three UCI folders of the shared data have only metadata).
/// A subtype of <see cref="DataFormatException"/> so that callers catching bad data catch this too,
/// while a catalogue can still tell "missing" from "corrupt".
/// </summary>
public sealed class MissingDataFileException(string file, string location, string expected)
    : DataFormatException(file, location, expected, "no such file");
