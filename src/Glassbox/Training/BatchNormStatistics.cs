using Glassbox.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Training;

/// <summary>
/// Recomputes BatchNorm's running statistics for the current weights ("precise BN"): the running averages that
/// eval mode divides by mix batches from many earlier steps, and while the weights move fast (a high rate) they
/// describe none of them. Here they are replaced by the equal-weight average of the statistics of
/// <c>batches</c> training batches (no augmentation, a seeded order), measured with the weights as they are now.
/// </summary>
public static class BatchNormStatistics
{
    /// <summary>
    /// Runs min(<paramref name="count"/>, full batches in the data) disjoint batches of <paramref name="batchSize"/>
    /// (all images in one batch when there are fewer) through <paramref name="model"/> in training mode without
    /// gradients, the k-th with momentum 1/k in every <see cref="AffineFreeBatchNorm2d"/>, then puts the momenta and
    /// the mode back. The batches are consecutive slices of <c>SeededDraws.Order(seed, −2 − epoch, images)</c>, a
    /// stream apart from the training order, so a resumed run recomputes the same statistics. Weights are untouched.
    /// </summary>
    public static void Recompute(nn.Module<Tensor, Tensor> model, ImageBatches batches, int batchSize, int count, long seed, int epoch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "recomputing the statistics needs at least 1 batch");
        if (batchSize < 2) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch statistics need batches of at least 2");
        var norms = model.modules().OfType<AffineFreeBatchNorm2d>().ToList();
        if (norms.Count == 0) throw new ArgumentException("the model has no AffineFreeBatchNorm2d whose statistics could be recomputed", nameof(model));
        int images = batches.Data.Count;
        if (images < 2) throw new ArgumentException($"batch statistics need at least 2 images, the data has {images}", nameof(batches));
        int size = Math.Min(batchSize, images);
        int used = Math.Min(count, images / size); // full batches only: each gets the same weight
        int[] order = SeededDraws.Order(seed, -2 - epoch, images);
        var momenta = norms.Select(n => n.Momentum).ToArray();
        bool wasTraining = model.training;
        model.train();
        try
        {
            using var noGrad = no_grad();
            for (int k = 0; k < used; k++)
            {
                foreach (var norm in norms) norm.Momentum = 1.0 / (k + 1);
                using var scope = NewDisposeScope();
                var (input, _) = batches.Batch(order.AsSpan(k * size, size), default);
                model.call(input);
            }
        }
        finally
        {
            for (int i = 0; i < norms.Count; i++) norms[i].Momentum = momenta[i];
            model.train(wasTraining);
        }
    }
}
