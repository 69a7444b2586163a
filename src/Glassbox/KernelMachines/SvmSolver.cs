namespace Glassbox.KernelMachines;

/// <summary>How a C-SVM is solved. Both stop by LIBSVM's rule, m(α) − M(α) &lt; tolerance.</summary>
public enum SvmSolver
{
    /// <summary>
    /// LIBSVM exactly as scikit-learn runs it: the kernel block rounded to float32 (LIBSVM's Qfloat),
    /// SMO only, every C of a path solved from α = 0. Same iterations, support vectors, dual
    /// coefficients and intercepts as <c>sklearn.svm.SVC(kernel="precomputed")</c>.
    /// </summary>
    Libsvm,

    /// <summary>
    /// The same SMO on the float64 block, handing over to an interior-point method when SMO is slow
    /// (large C, degenerate problems), and on a C path each C warm-started from the previous one.
    /// The solution meets the same stopping rule for the exact kernel, but it is another point of
    /// the (often non-unique) optimal set, so a few predictions near the boundary can differ.
    /// </summary>
    Fast,
}
