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

    /// <summary>"abc1234" (the checkout's commit), "abc1234+changes" with uncommitted edits, or "unknown" without git.</summary>
    public static string Commit(string? root)
    {
        if (root is null) return "unknown (not a checkout)";
        string? head = Git(root, "rev-parse --short HEAD");
        if (head is null) return "unknown (git not available)";
        string? status = Git(root, "status --porcelain --untracked-files=no");
        return string.IsNullOrWhiteSpace(status) ? head : head + "+changes";
    }

    static string? Git(string root, string arguments)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", $"-C \"{root}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
