using System.Globalization;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy;

/// <summary>
/// Training on InstaHide encodings (the authors' train_inside.py / train_cross.py): at the start of every epoch fresh keys
/// for one pass over the private training set; each batch becomes the encodings of its examples, σ ⊙ Σ_j λ_j x_j, with
/// private partners taken from the whole training set (normalised and, where the run augments, augmented) and public
/// ones from <paramref name="publicImages"/> (normalised by their own statistics), and soft targets Σ_private λ_j onehot(y_j).
/// Keys come from the cryptographic generator unless <paramref name="insecureSeed"/> is given.
/// </summary>
public sealed class InstaHideMixing(InstaHideOptions options, int imageSize, byte[] privateLabels, ImageBatches? publicImages, string publicName,
    long? insecureSeed)
    : IBatchMixing
{
    InstaHideKeys? _keys;

    public InstaHideOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Identity => string.Create(CultureInfo.InvariantCulture,
        $"instahide k={Options.K} mode={Options.Mode.ToString().ToLowerInvariant()} max={Options.MaxCoefficient:R} share={Options.MinPrivateShare:R} " +
        $"public={(publicImages is null ? "none" : $"{publicName}:{publicImages.Data.Count}")} keys={(insecureSeed is long s ? $"INSECURE seed {s}" : "cryptographic")}");

    /// <summary>The keys of the current epoch (row i encodes training image i).</summary>
    public InstaHideKeys Keys => _keys ?? throw new InvalidOperationException("no epoch has begun");

    public void BeginEpoch(int epoch, int count)
    {
        KeySource random = insecureSeed is long seed ? KeySource.Insecure(seed, (ulong)(uint)epoch) : KeySource.Secure();
        _keys = null;
        _keys = InstaHideEncoder.Draw(Options, count, publicImages?.Data.Count ?? 0, 1, imageSize, random);
    }

    public (Tensor Input, Tensor Targets) Mix(Tensor input, Tensor labels, ReadOnlySpan<int> indices, int classes, int batch, Func<int[], Tensor> fetch)
    {
        InstaHideKeys keys = Keys;
        int b = indices.Length, k = Options.K, count = keys.Rows;
        long size = input.NumberOfElements / b;
        if (size != keys.ImageSize) throw new InvalidOperationException($"the keys mask {keys.ImageSize} values per image, the batch has {size}");
        var lambdas = new float[k][];
        var partners = new int[k][];
        var masks = new sbyte[b * size];
        var soft = new float[b * classes];
        for (int j = 0; j < k; j++) (lambdas[j], partners[j]) = (new float[b], new int[b]);
        for (int n = 0; n < b; n++)
        {
            int row = indices[n];
            for (int j = 0; j < k; j++) (partners[j][n], lambdas[j][n]) = (keys.IndicesOf(row)[j], keys.LambdasOf(row)[j]);
            for (int j = 0; j < Options.PrivateSlots; j++) soft[n * classes + privateLabels[partners[j][n]]] += lambdas[j][n];
            keys.MaskOf(row).CopyTo(masks.AsSpan(n * (int)size, (int)size));
        }
        long[] column = [b, 1, 1, 1];
        // add(Tensor) passes an implicit Scalar alpha that the GC may free while LibTorch reads it ("toFloat: Expected
        // false to be true", seen once in a CIFAR-10 run); one held explicitly stays alive (see ReluMoments).
        using Scalar one = 1.0;
        Tensor sum = input.mul(torch.tensor(lambdas[0], column).to(input.dtype));
        for (int j = 1; j < k; j++)
        {
            Tensor images = j < Options.PrivateSlots
                ? fetch(partners[j])
                : publicImages!.Batch(partners[j].Select(p => p - count).ToArray(), default).Input.to(input.dtype);
            sum = sum.add(images.mul(torch.tensor(lambdas[j], column).to(input.dtype)), one);
        }
        Tensor sign = torch.tensor(masks, input.shape).to(input.dtype);
        return (sum.mul(sign), torch.tensor(soft, [b, classes]).to(input.dtype));
    }
}
