using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Kernels.Convolutional;

/// <summary>
/// Issue 14, acceptance line 4: a tiled CNTK job interrupted part-way (and with debris a kill leaves: a temporary file, a tile
/// written but not yet listed, a listed tile cut short) computes on rerun only the tiles it lacks, and its matrix is
/// bit-identical to an uninterrupted run's; a folder of another job is refused, naming the setting.
/// </summary>
public sealed class CntkKernelJobTests : IDisposable
{
    readonly TempDir temp = new();
    string folder => temp.File("job");

    public void Dispose() => temp.Dispose();

    sealed class CountingEngine(ICntkEngine inner) : ICntkEngine
    {
        public List<(int Rows, int Cols)> Calls { get; } = [];
        public string Identity => inner.Identity;
        public CntkTile Compute(CntkArchitecture a, ImageBatch rows, ImageBatch cols)
        {
            lock (Calls) Calls.Add((rows.Count, cols.Count));
            return inner.Compute(a, rows, cols);
        }
    }

    static ImageBatch Images(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new double[count * 2 * 5 * 5];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() - 0.5;
        return new ImageBatch(count, 2, 5, 5, data);
    }

    static readonly CntkArchitecture Arch = new(4, new CntkReadout.Gap(), Fix: true);

    [Fact]
    public void An_interrupted_job_reruns_only_missing_tiles_and_lands_bit_identical()
    {
        ImageBatch x = Images(7, 1);
        var engine = new CpuCntkEngine(CntkPrecision.Float32, 1);
        string reference = Path.Combine(folder, "whole");
        var whole = new CntkKernelJob(reference, Arch, x, null, 3, engine);
        whole.Run();
        double[] expected = whole.Matrix(KernelKind.Ntk, 4);
        Assert.Equal(6, whole.Tiles.Count); // tiles on or above the diagonal of a 3×3 grid

        string parts = Path.Combine(folder, "parts");
        var first = new CntkKernelJob(parts, Arch, x, null, 3, engine);
        int reports = 0;
        var stop = new InlineProgress<long>(_ => { if (++reports == 3) throw new OperationCanceledException("killed"); });
        Assert.Throws<OperationCanceledException>(() => first.Run(stop));
        Assert.Equal(2, first.Finished().Count);
        // What a SIGKILL can leave behind: a temporary file, a tile on disk that the manifest does not list yet, and a listed tile cut short.
        File.WriteAllText(Path.Combine(parts, ".tile-6-6.bin.123.tmp"), "half");
        File.WriteAllBytes(Path.Combine(parts, whole.Tiles[2].FileName), new byte[16]);
        string listed = first.Finished()[1].FileName;
        File.WriteAllBytes(Path.Combine(parts, listed), File.ReadAllBytes(Path.Combine(parts, listed))[..40]);

        var counting = new CountingEngine(engine);
        var second = new CntkKernelJob(parts, Arch, x, null, 3, counting);
        Assert.Single(second.Finished());
        second.Run();
        Assert.Equal(5, counting.Calls.Count);
        Assert.Equal(expected, second.Matrix(KernelKind.Ntk, 4));

        var third = new CountingEngine(engine);
        new CntkKernelJob(parts, Arch, x, null, 3, third).Run();
        Assert.Empty(third.Calls);
    }

    [Fact]
    public void A_symmetric_job_equals_the_engine_on_the_whole_set_and_X2_jobs_fill_every_tile()
    {
        ImageBatch x = Images(5, 2), x2 = Images(4, 3);
        var engine = new CpuCntkEngine(CntkPrecision.Float64, 2);
        var job = new CntkKernelJob(Path.Combine(folder, "sym"), Arch, x, null, 2, engine);
        job.Run();
        CntkTile direct = engine.Compute(Arch, x, x);
        Assert.Equal(direct.Matrix(KernelKind.Nngp, 3).ToArray(), job.Matrix(KernelKind.Nngp, 3));
        var cross = new CntkKernelJob(Path.Combine(folder, "cross"), Arch, x, x2, 2, engine);
        Assert.Equal(6, cross.Tiles.Count);
        cross.Run();
        Assert.Equal(engine.Compute(Arch, x, x2).Matrix(KernelKind.Ntk, 4).ToArray(), cross.Matrix(KernelKind.Ntk, 4));
    }

    [Fact]
    public void A_manifest_without_its_list_of_tiles_reads_as_none_done_and_a_garbled_one_is_refused()
    {
        ImageBatch x = Images(4, 5);
        var engine = new CpuCntkEngine(CntkPrecision.Float32, 1);
        new CntkKernelJob(folder, Arch, x, null, 2, engine).Run();
        string manifest = Path.Combine(folder, CntkJobManifest.FileName);
        File.WriteAllText(manifest, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(manifest), @",\s*""Finished"":\s*\[[^\]]*\]", ""));
        Assert.DoesNotContain("Finished", File.ReadAllText(manifest));
        var job = new CntkKernelJob(folder, Arch, x, null, 2, engine);
        Assert.Empty(job.Finished());
        job.Run();
        Assert.Equal(3, job.Finished().Count);
        File.WriteAllText(manifest, "{ not json");
        var e = Assert.Throws<Glassbox.Data.DataFormatException>(() => new CntkKernelJob(folder, Arch, x, null, 2, engine));
        Assert.Contains("remove the folder to start afresh", e.Message);
    }

    [Fact]
    public void A_folder_of_another_job_is_refused_naming_the_setting()
    {
        ImageBatch x = Images(4, 4);
        var engine = new CpuCntkEngine(CntkPrecision.Float32, 1);
        new CntkKernelJob(folder, Arch, x, null, 2, engine).Run();
        var e = Assert.Throws<InvalidOperationException>(() => new CntkKernelJob(folder, Arch with { Depth = 5 }, x, null, 2, engine));
        Assert.Contains("architecture is cntk-gap-d4-fix, this one's is cntk-gap-d5-fix", e.Message);
        ImageBatch changed = x with { Data = (double[])x.Data.Clone() };
        changed.Data[17] += 1e-12;
        e = Assert.Throws<InvalidOperationException>(() => new CntkKernelJob(folder, Arch, changed, null, 2, engine));
        Assert.Contains("data (SHA-256 of the images)", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => new CntkKernelJob(folder, Arch, x, null, 2, new CpuCntkEngine(CntkPrecision.Float64, 1)));
        Assert.Contains("engine", e.Message);
    }

    [Fact]
    public void A_second_run_on_a_folder_in_use_is_refused_and_runs_once_it_is_free()
    {
        ImageBatch x = Images(4, 3);
        var engine = new CpuCntkEngine(CntkPrecision.Float32, 1);
        string parts = Path.Combine(folder, "busy");
        var job = new CntkKernelJob(parts, Arch, x, null, 2, engine);
        using (new FileStream(Path.Combine(parts, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var e = Assert.Throws<InvalidOperationException>(() => job.Run());
            Assert.Contains($"{parts} is in use by another run", e.Message);
            Assert.Empty(job.Finished());
        }
        job.Run();
        Assert.Equal(job.Tiles.Count, job.Finished().Count);
    }
}
