using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class InstaHideVerbTests
{
    static CliRunner.Result Encode(string folder, params string[] extra) =>
        CliRunner.Run(["instahide", "encode", "--data-dir", TestData.Root, "--out", folder, .. extra]);

    [Fact]
    public void Encodings_recompute_from_the_raw_data_and_the_kept_keys()
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "enc");
        var result = Encode(folder, "--dataset", "mnist", "--k", "4", "--images", "12", "--encodings-per-image", "3", "--keep-keys");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("keys: cryptographic", result.Out);

        // Independently of the encoder: the raw bytes, the manifest's normalisation and the keys, in a plain loop.
        ImageDataset mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train;
        var manifest = InstaHideManifest.Load(Path.Combine(folder, "manifest.json"));
        var (shape, encodings) = NpyArray.Read<float>(Path.Combine(folder, "encodings.npy"));
        var (_, indices) = NpyArray.Read<int>(Path.Combine(folder, "indices.npy"));
        var (_, lambdas) = NpyArray.Read<float>(Path.Combine(folder, "lambdas.npy"));
        var (_, masks) = NpyArray.Read<sbyte>(Path.Combine(folder, "masks.npy"));
        var (labelShape, labels) = NpyArray.Read<float>(Path.Combine(folder, "labels.npy"));
        Assert.Equal([36L, 1, 28, 28], shape);
        Assert.Equal([36L, 10], labelShape);
        double mean = manifest.Normalization.Mean[0], std = manifest.Normalization.Std[0];
        // The normalisation is the 12 private images' own: their normalised pixels average to zero.
        Assert.Equal(mnist.Pixels.Take(12 * 784).Average(b => b / 255.0), mean, 1e-12);
        for (int row = 0; row < 36; row++)
        {
            Assert.Equal(row % 12, indices[row * 4]); // row t·N + i encodes image i
            var soft = new double[10];
            for (int p = 0; p < 784; p++)
            {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += lambdas[row * 4 + j] * ((mnist.Pixels[indices[row * 4 + j] * 784 + p] / 255.0 - mean) / std);
                Assert.Equal((float)(masks[row * 784 + p] * sum), encodings[row * 784 + p]);
            }
            for (int j = 0; j < 4; j++) soft[mnist.Labels[indices[row * 4 + j]]] += lambdas[row * 4 + j];
            for (int c = 0; c < 10; c++) Assert.Equal(soft[c], labels[row * 10 + c], 1e-6);
        }
        Assert.Equal(36 * 784, masks.Length);
        Assert.InRange(masks.Count(s => s == 1) / (double)masks.Length, 0.48, 0.52);
    }

    [Fact]
    public void Cross_encodings_recompute_with_public_images_in_their_own_normalisation()
    {
        if (!TestData.HasFashionMnist()) return; // under CI HasFashionMnist fails instead
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "enc");
        var result = Encode(folder, "--dataset", "mnist", "--k", "4", "--public", "fashion", "--images", "10", "--encodings-per-image", "2", "--keep-keys");
        Assert.Equal(0, result.ExitCode);
        ImageDataset mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train, fashion = MnistLoader.Load(DataPaths.FashionMnistDefault).Train;
        // The folder as the library loads it (the plain-file reading is checked by the inside test above).
        InstaHideFolder loaded = InstaHideFolder.Load(folder);
        var (manifest, encodings, labels) = (loaded.Manifest, loaded.Encodings, loaded.Labels);
        var (indices, lambdas, masks) = (loaded.Keys!.Indices, loaded.Keys.Lambdas, loaded.Keys.Masks);
        double mean = manifest.Normalization.Mean[0], std = manifest.Normalization.Std[0];
        double publicMean = fashion.Pixels.Average(b => b / 255.0);
        double publicStd = Math.Sqrt(fashion.Pixels.Average(b => (b / 255.0 - publicMean) * (b / 255.0 - publicMean)));
        Assert.Equal(publicMean, manifest.PublicNormalization!.Mean[0], 1e-9);
        Assert.Equal(publicStd, manifest.PublicNormalization.Std[0], 1e-6);
        for (int row = 0; row < 20; row++)
        {
            double Pixel(int image, int p) => image < 10 ? (mnist.Pixels[image * 784 + p] / 255.0 - mean) / std
                : (fashion.Pixels[(image - 10) * 784 + p] / 255.0 - publicMean) / publicStd;
            Assert.All(indices.AsSpan(row * 4, 2).ToArray(), i => Assert.InRange(i, 0, 9));   // 2 private slots
            Assert.All(indices.AsSpan(row * 4 + 2, 2).ToArray(), i => Assert.True(i >= 10));  // 2 public slots
            for (int p = 0; p < 784; p++)
            {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += lambdas[row * 4 + j] * Pixel(indices[row * 4 + j], p);
                Assert.True(Math.Abs(masks[row * 784 + p] * sum - encodings[row * 784 + p]) <= 1e-5 * (1 + Math.Abs(sum)), $"row {row}, pixel {p}");
            }
            var soft = new double[10];
            for (int j = 0; j < 2; j++) soft[mnist.Labels[indices[row * 4 + j]]] += lambdas[row * 4 + j];
            for (int c = 0; c < 10; c++) Assert.Equal(soft[c], labels[row * 10 + c], 1e-6);
        }
    }

    [Fact]
    public void Without_a_seed_two_runs_differ_and_with_the_same_insecure_seed_they_agree()
    {
        using var dir = new TempDir();
        string[] common = ["--dataset", "mnist", "--k", "2", "--images", "5", "--encodings-per-image", "2"];
        byte[] Bytes(string name, params string[] extra)
        {
            var result = Encode(Path.Combine(dir.Path, name), [.. common, .. extra]);
            Assert.Equal(0, result.ExitCode);
            return File.ReadAllBytes(Path.Combine(dir.Path, name, "encodings.npy"));
        }
        Assert.NotEqual(Bytes("a"), Bytes("b"));
        Assert.Equal(Bytes("c", "--insecure-seed", "7"), Bytes("d", "--insecure-seed", "7"));
        string manifest = File.ReadAllText(Path.Combine(dir.Path, "c", "manifest.json"));
        Assert.Contains("INSECURE", manifest);
        Assert.False(File.Exists(Path.Combine(dir.Path, "a", "masks.npy"))); // keys only with --keep-keys
    }

    [Theory]
    [InlineData("k must be ≥ 1", "--k", "0")]
    [InlineData("more than the 3 private images", "--k", "4", "--images", "3")]
    [InlineData("--public imagenet: unknown public set; expected one of fashion, mnist, cifar10-heldout", "--public", "imagenet")]
    [InlineData("has 1×28×28 images, the private set cifar10 3×32×32", "--dataset", "cifar10", "--public", "fashion")]
    [InlineData("must not be the private data set itself", "--dataset", "mnist", "--public", "mnist")]
    [InlineData("--images 70000: mnist has 60000 training images", "--images", "70000")]
    public void Bad_input_is_one_sentence_exit_2_and_nothing_written(string message, params string[] args)
    {
        if (args.Contains("fashion") && !TestData.HasFashionMnist()) return;
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "enc");
        var result = Encode(folder, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'), line => line.StartsWith("glassbox:"));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("unknown arm 'bogus': expected one of plain, mixup, inside, cross", "accuracy", "--arms", "plain,bogus")]
    [InlineData("--seeds: seed 1 is given twice", "accuracy", "--seeds", "1,1")]
    [InlineData("more than the 3 private images", "accuracy", "--arms", "inside", "--k", "5", "--train-images", "3")]
    [InlineData("--k takes whole numbers ≥ 1 separated by commas, got '2,x'", "unmix", "--k", "2,x")]
    [InlineData("images must be between 1 and 60000, got 0", "unmix", "--images", "0")]
    public void The_experiments_refuse_bad_input_in_one_sentence_before_writing(string message, params string[] args)
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "out");
        var result = CliRunner.Run(["instahide", args[0], "--data-dir", TestData.Root, "--out", folder, .. args[1..]]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'), line => line.StartsWith("glassbox:"));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Unmix_writes_its_table_example_and_json()
    {
        if (!TestData.HasFashionMnist()) return; // the cross rows mix in Fashion-MNIST
        using var dir = new TempDir();
        var result = CliRunner.Run("instahide", "unmix", "--data-dir", TestData.Root, "--images", "20", "--k", "1,2", "--insecure-seed", "4", "--out", dir.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("keys INSECURE seed 4", result.Out);
        Assert.Equal(["example.png", "summary.md", "unmixing.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        // k = 1 inside (cross needs k ≥ 2), k = 2 inside and cross: three rows of the table.
        Assert.Equal(3, File.ReadLines(Path.Combine(dir.Path, "summary.md")).Count(line => line.StartsWith("| 1 |") || line.StartsWith("| 2 |")));
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_and_kept()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "other.txt"), "x");
        var result = Encode(dir.Path, "--images", "4", "--k", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not empty", result.Err);
        Assert.Equal(["other.txt"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_without_a_manifest_or_with_a_file_of_the_wrong_shape_is_a_clear_error()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<FileNotFoundException>(() => InstaHideFolder.Load(dir.Path));
        Assert.Contains("no InstaHide manifest", missing.Message);
        string folder = Path.Combine(dir.Path, "enc");
        Assert.Equal(0, Encode(folder, "--images", "4", "--k", "2", "--keep-keys").ExitCode);
        Assert.Equal(40, InstaHideFolder.Load(folder).Encodings.Length / 784); // 4 images × the default 10 encodings
        NpyArray.Write(Path.Combine(folder, "labels.npy"), [3, 10], new float[30]);
        var wrong = Assert.Throws<InvalidDataException>(() => InstaHideFolder.Load(folder));
        Assert.Contains("labels.npy: shape (3, 10), but the manifest", wrong.Message);
        File.Delete(Path.Combine(folder, "masks.npy"));
        NpyArray.Write(Path.Combine(folder, "labels.npy"), [40, 10], new float[400]);
        Assert.Contains("masks.npy: missing", Assert.Throws<FileNotFoundException>(() => InstaHideFolder.Load(folder)).Message);
    }

    [Theory]
    [InlineData("{ not json", "not an InstaHide manifest")]
    [InlineData("\"Std\": [", "a normalisation needs finite means and standard deviations > 0")]
    [InlineData("\"K\": 2", "k = 7 is more than the 4 private images")]
    public void Attack_refuses_a_broken_manifest_in_one_sentence_and_writes_nothing(string edit, string message)
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "enc"), output = Path.Combine(dir.Path, "attack");
        Assert.Equal(0, Encode(folder, "--images", "4", "--k", "2", "--encodings-per-image", "2", "--keep-keys").ExitCode);
        string path = Path.Combine(folder, "manifest.json"), text = File.ReadAllText(path);
        text = edit switch
        {
            "{ not json" => edit,
            "\"K\": 2" => text.Replace(edit, "\"K\": 7"),
            _ => System.Text.RegularExpressions.Regex.Replace(text, "\"Std\": \\[[^\\]]*\\]", "\"Std\": [0]"),
        };
        Assert.NotEqual(File.ReadAllText(path), text);
        File.WriteAllText(path, text);
        var result = CliRunner.Run("instahide", "attack", "--data-dir", TestData.Root, "--encodings", folder, "--truth", "mnist", "--out", output);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Single(result.Err.Trim().Split('\n'), line => line.StartsWith("glassbox:"));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Train_on_cross_dataset_encodings_and_refuse_mixing_two_ways()
    {
        using var dir = new TempDir();
        string[] args = ["train", "--data-dir", TestData.Root, "--dataset", "mnist", "--train-images", "256", "--test-images", "256", "--batch", "64",
            "--lr", "0.02", "--threads", "1", "--epochs", "1", "--out", dir.Path];
        var both = CliRunner.Run([.. args, "--mixup", "0.2", "--instahide", "4"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("choose one", both.Err);
        Assert.Contains("an option of --instahide", CliRunner.Run([.. args, "--public", "fashion"]).Err);
        if (!TestData.HasFashionMnist()) return;
        var run = CliRunner.Run([.. args, "--instahide", "4", "--public", "fashion", "--insecure-seed", "3"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("public=fashion:60000 keys=INSECURE seed 3", run.Out);
        Assert.Contains("keys=INSECURE seed 3", File.ReadAllText(Path.Combine(dir.Path, "mixing.txt")));
        Assert.Single(File.ReadAllLines(Path.Combine(dir.Path, "log.jsonl")));
    }
}
