using static TorchSharp.torch;

namespace Glassbox.Training;

/// <summary>
/// Replaces each training batch by what the net trains on instead — mixed images and soft targets (mixup, InstaHide) —
/// while evaluation stays on the plain test images. The loss becomes the cross-entropy against the soft targets,
/// −Σ_c t_c log softmax(z)_c averaged over the batch, and training accuracy counts argmax(z) = argmax(t).
/// </summary>
public interface IBatchMixing
{
    /// <summary>Every setting that changes the run, on one line: part of the checkpoint's identity.</summary>
    string Identity { get; }

    /// <summary>Called before the first batch of <paramref name="epoch"/> (from 0) over <paramref name="count"/> training images.</summary>
    void BeginEpoch(int epoch, int count);

    /// <summary>
    /// The batch of examples <paramref name="indices"/> (their images <paramref name="input"/>, int64 <paramref name="labels"/>)
    /// as mixed inputs and (batch × classes) soft targets of the input's dtype. <paramref name="fetch"/> gives the normalised
    /// (and, where the run augments, augmented) training images of other examples, for partners outside the batch.
    /// </summary>
    (Tensor Input, Tensor Targets) Mix(Tensor input, Tensor labels, ReadOnlySpan<int> indices, int classes, int batch, Func<int[], Tensor> fetch);
}
