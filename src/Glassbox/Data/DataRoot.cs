namespace Glassbox.Data;

/// <summary>
/// Finds the read-only data root: --data-dir, then GLASSBOX_DATA, then ./data, then the repository's ../shared/data
/// (beside the checkout, whatever the working directory).
/// </summary>
public static class DataRoot
{
    public const string EnvironmentVariable = "GLASSBOX_DATA";

    /// <summary>Resolves against this process's environment and current directory.</summary>
    public static string Resolve(string? cliDataDir) =>
        Resolve(cliDataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory(), RepositoryRoot.Find());

    /// <summary>
    /// The testable form. An explicit choice (--data-dir or the variable) that does not exist is an
    /// error rather than a silent fall-through, so a typo never runs on the wrong data.
    /// </summary>
    public static string Resolve(string? cliDataDir, string? environmentValue, string currentDirectory, string? repositoryRoot)
    {
        if (!string.IsNullOrWhiteSpace(cliDataDir))
            return Existing(cliDataDir, currentDirectory, "--data-dir");
        if (!string.IsNullOrWhiteSpace(environmentValue))
            return Existing(environmentValue, currentDirectory, EnvironmentVariable);

        string local = Path.GetFullPath("data", currentDirectory);
        // Without a checkout (an installed copy), ../shared/data is looked for beside the working directory.
        string shared = Path.GetFullPath(Path.Combine("..", "shared", "data"), repositoryRoot ?? currentDirectory);
        if (Directory.Exists(local)) return local;
        if (Directory.Exists(shared)) return shared;
        throw new DirectoryNotFoundException(
            $"No data directory found. Tried: --data-dir (not given), {EnvironmentVariable} (not set), {local}, {shared}. " +
            $"Pass --data-dir or set {EnvironmentVariable}.");
    }

    private static string Existing(string path, string currentDirectory, string source)
    {
        string full = Path.GetFullPath(path, currentDirectory);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"The data directory given by {source} does not exist: {full}");
        return full;
    }
}
