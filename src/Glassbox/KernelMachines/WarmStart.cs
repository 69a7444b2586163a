namespace Glassbox.KernelMachines;

/// <summary>How a solve on a C path starts from the previous C's solution.</summary>
internal enum WarmStart
{
    /// <summary>From α = 0, as LIBSVM.</summary>
    None,
    /// <summary>α·C_new/C_old: bounded stay bounded.</summary>
    Proportional,
    /// <summary>α unchanged: bounded become free.</summary>
    Unscaled,
    /// <summary>The best multiple of α on the feasible ray.</summary>
    LineSearch,
}
