using System.Text;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>Locates the repository and the shared data beside it, and makes throw-away copies to corrupt.</summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>&lt;repo&gt;/../shared/data, as on every developer machine and in CI.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string Uci => DataPaths.Uci(Root);

    public static string UciSet(string name) => DataPaths.UciSet(Root, name);

    /// <summary>
    /// Whether Debian's Fashion-MNIST is installed. A developer machine without it skips those checks; under CI
    /// (.ci/run installs it) its absence fails the test, so the checks cannot silently stop running.
    /// </summary>
    public static bool HasFashionMnist()
    {
        if (Directory.Exists(DataPaths.FashionMnistDefault)) return true;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"CI: no Fashion-MNIST at {DataPaths.FashionMnistDefault}; .ci/run installs dataset-fashion-mnist");
        return false;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Glassbox.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Glassbox.slnx above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A fresh temporary folder, deleted with everything in it at the end of the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("glassbox-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A data root of its own holding a writable copy of one UCI set; returns the set's folder.</summary>
    public string UciRootWith(string name)
    {
        string uci = Directory.CreateDirectory(File("uci")).FullName;
        string folder = System.IO.Path.Combine(uci, name);
        Directory.Move(Copy(TestData.UciSet(name)), folder);
        return folder;
    }

    /// <summary>Copies a file or a whole folder in, writable (the shared data is read-only).</summary>
    public string Copy(string source, string? name = null)
    {
        string target = File(name ?? System.IO.Path.GetFileName(source));
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(source))
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), System.IO.File.ReadAllBytes(file));
        }
        else
        {
            System.IO.File.WriteAllBytes(target, System.IO.File.ReadAllBytes(source));
        }
        return target;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Edits of text files for corruption tests; lines are 1-based as in the error messages.</summary>
internal static class TextEdit
{
    public static void Line(string path, int line, Func<string, string> edit)
    {
        var lines = ReadLines(path);
        lines[line - 1] = edit(lines[line - 1]);
        WriteLines(path, lines);
    }

    public static void Lines(string path, Func<List<string>, IEnumerable<string>> edit) =>
        WriteLines(path, edit(ReadLines(path)).ToList());

    /// <summary>Replaces one tab-separated cell (1-based column) of one line.</summary>
    public static void Cell(string path, int line, int column, string value) =>
        Line(path, line, text =>
        {
            string[] cells = text.Split('\t');
            cells[column - 1] = value;
            return string.Join('\t', cells);
        });

    private static List<string> ReadLines(string path) => [.. System.IO.File.ReadAllText(path).TrimEnd('\n').Split('\n')];

    private static void WriteLines(string path, List<string> lines) =>
        System.IO.File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
}
