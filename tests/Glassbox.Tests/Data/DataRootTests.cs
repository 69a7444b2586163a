using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class DataRootTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _cwd;
    private readonly string _shared;

    public DataRootTests()
    {
        _cwd = Directory.CreateDirectory(_temp.File("repo")).FullName;
        _shared = Directory.CreateDirectory(_temp.File(Path.Combine("shared", "data"))).FullName;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Falls_back_to_shared_data_beside_the_current_directory()
    {
        Assert.Equal(_shared, DataRoot.Resolve(null, null, _cwd, null));
    }

    [Fact]
    public void Finds_shared_data_beside_the_repository_from_any_working_directory()
    {
        string elsewhere = Directory.CreateDirectory(_temp.File(Path.Combine("other", "place"))).FullName;

        Assert.Equal(_shared, DataRoot.Resolve(null, null, elsewhere, repositoryRoot: _cwd));
        Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Resolve(null, null, elsewhere, null));
    }

    [Fact]
    public void The_repository_root_is_the_folder_with_the_solution_above_the_program()
    {
        string repo = RepositoryRoot.Find() ?? throw new InvalidOperationException("no checkout above the test assembly");

        Assert.True(File.Exists(Path.Combine(repo, "Glassbox.slnx")));
        Assert.Equal(repo, RepositoryRoot.Find(Path.Combine(repo, "src", "Glassbox")));
        Assert.Null(RepositoryRoot.Find(Path.GetTempPath()));
    }

    [Fact]
    public void Prefers_local_data_to_shared_data()
    {
        string local = Directory.CreateDirectory(Path.Combine(_cwd, "data")).FullName;

        Assert.Equal(local, DataRoot.Resolve(null, "", _cwd, null));
    }

    [Fact]
    public void Prefers_the_environment_to_local_data_and_the_option_to_both()
    {
        Directory.CreateDirectory(Path.Combine(_cwd, "data"));
        string env = Directory.CreateDirectory(_temp.File("env")).FullName;
        string cli = Directory.CreateDirectory(_temp.File("cli")).FullName;

        Assert.Equal(env, DataRoot.Resolve(null, env, _cwd, null));
        Assert.Equal(cli, DataRoot.Resolve(cli, env, _cwd, null));
        Assert.Equal(cli, DataRoot.Resolve("../cli", env, _cwd, null));
    }

    [Fact]
    public void An_explicit_directory_that_does_not_exist_is_an_error_not_a_fall_through()
    {
        var cli = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Resolve("nowhere", null, _cwd, null));
        var env = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Resolve(null, "/no/such/dir", _cwd, null));

        Assert.Contains("--data-dir", cli.Message);
        Assert.Contains(Path.Combine(_cwd, "nowhere"), cli.Message);
        Assert.Contains("GLASSBOX_DATA", env.Message);
    }

    [Fact]
    public void When_nothing_exists_the_error_lists_what_was_tried()
    {
        Directory.Delete(_shared);

        var e = Assert.Throws<DirectoryNotFoundException>(() => DataRoot.Resolve(null, null, _cwd, null));

        Assert.Contains(Path.Combine(_cwd, "data"), e.Message);
        Assert.Contains(_shared, e.Message);
        Assert.Contains("GLASSBOX_DATA (not set)", e.Message);
    }
}
