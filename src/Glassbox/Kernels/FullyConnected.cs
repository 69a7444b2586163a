namespace Glassbox.Kernels;

/// <summary>Which constant the ReLU kernels carry.</summary>
public enum KernelScale
{
    /// <summary>
    /// The scale of Arora et al. (ICLR 2020, the UCI paper), whose C grid assumes it: every
    /// layer has σ_w = 1, so Σʰ(x,x) = ‖x‖²/2ʰ.
    /// </summary>
    Paper,

    /// <summary>
    /// The standard NTK of Arora et al. (NeurIPS 2019) with c_σ = 2 and no bias: hidden layers
    /// have σ_w = √2. Equal to 2ᴸ times <see cref="Paper"/> for L hidden ReLU layers.
    /// </summary>
    Standard,
}

/// <summary>Fully connected architectures: input layer, L hidden activations, linear readout.</summary>
public static class FullyConnected
{
    /// <summary>
    /// L hidden ReLU layers of the UCI paper: Dense, then L × (ReLU, Dense); the first
    /// <paramref name="fix"/> Dense layers are frozen (f = 0 trains all: the NTK; f = L trains
    /// only the readout: the NNGP). L = 0 is the linear kernel x·x'.
    /// </summary>
    public static Serial Relu(int depth, int fix = 0, KernelScale scale = KernelScale.Paper, int outputs = 1)
    {
        double hiddenStd = scale == KernelScale.Standard ? Math.Sqrt(2) : 1.0;
        return Create(depth, new Relu(), firstStd: 1.0, hiddenStd, biasStd: 0.0, fix, outputs);
    }

    /// <summary>
    /// The general form: Dense(σ_first, σ_b), then L × (activation, Dense(σ_w, σ_b)); Dense
    /// layers with index below <paramref name="fix"/> are frozen.
    /// </summary>
    public static Serial Create(int depth, IKernelLayer activation, double firstStd, double hiddenStd,
        double biasStd, int fix = 0, int outputs = 1)
    {
        if (depth < 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be ≥ 0");
        if (fix < 0 || fix > depth)
            throw new ArgumentOutOfRangeException(nameof(fix), fix, $"fix must be in [0, depth = {depth}]");
        var layers = new List<IKernelLayer>
        {
            new Dense(firstStd, biasStd, Trainable: fix == 0, Outputs: depth == 0 ? outputs : null),
        };
        for (int h = 1; h <= depth; h++)
        {
            layers.Add(activation);
            layers.Add(new Dense(hiddenStd, biasStd, Trainable: h >= fix, Outputs: h == depth ? outputs : null));
        }
        return new Serial(layers);
    }
}
