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
    /// Runs <paramref name="count"/> batches of <paramref name="batchSize"/> through <paramref name="model"/> in
    /// training mode without gradients, the k-th with momentum 1/k in every <see cref="AffineFreeBatchNorm2d"/>, then
    /// puts the momenta back. Batch order from (<paramref name="seed"/>, <paramref name="epoch"/>), so a resumed run
    /// recomputes the same statistics. Trained weights are untouched.
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
        // A distinct stream from the training order of the same epoch (those use epochs ≥ 0).
        int[] order = SeededDraws.Order(seed, -2 - epoch, images);
        var momenta = norms.Select(n => n.Momentum).ToArray();
        bool wasTraining = model.training;
        model.train();
        try
        {
            using var noGrad = no_grad();
            for (int k = 0; k < count; k++)
            {
                int start = (int)((long)k * batchSize % images);
                int size = Math.Min(batchSize, images - start);
                if (size < 2) break;
                foreach (var norm in norms) norm.Momentum = 1.0 / (k + 1);
                using var scope = NewDisposeScope();
                var (input, _) = batches.Batch(order.AsSpan(start, size), default);
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
