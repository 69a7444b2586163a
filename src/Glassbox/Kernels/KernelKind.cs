namespace Glassbox.Kernels;

/// <summary>Which of the two infinite-width kernels to read out of a state.</summary>
public enum KernelKind
{
    /// <summary>The Gaussian-process (NNGP) covariance: the kernel of training only the readout.</summary>
    Nngp,
    /// <summary>The neural tangent kernel: the kernel of training every trainable layer.</summary>
    Ntk,
}
