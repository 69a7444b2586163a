namespace Glassbox.Data;

/// <summary>
/// The Glassbox checkout this program was built from: the nearest folder above the running assembly that
/// holds Glassbox.slnx (the launcher builds into &lt;repo&gt;/.build, tests run under &lt;repo&gt;/tests), or null
/// when the program runs from elsewhere (an installed copy).
/// </summary>
public static class RepositoryRoot
{
    public static string? Find() => Find(AppContext.BaseDirectory);

    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Glassbox.slnx"))) return dir.FullName;
        return null;
    }
}
