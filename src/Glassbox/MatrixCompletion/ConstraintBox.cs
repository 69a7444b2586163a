namespace Glassbox.MatrixCompletion;

/// <summary>
/// The constraint set of <see cref="NuclearNormSolver"/>, {Z : |Z_ij − M_ij| ≤ ε on Ω}, and the
/// dual objective over multipliers supported on Ω. Matrices are row-major double[].
/// </summary>
internal sealed class ConstraintBox
{
    readonly int[] at;
    readonly double[] value, lower, upper;
    readonly double epsilon;

    public ConstraintBox(Observations observed, double epsilon)
    {
        int n = observed.Count;
        at = new int[n];
        value = observed.Value;
        lower = new double[n];
        upper = new double[n];
        this.epsilon = epsilon;
        for (int k = 0; k < n; k++)
        {
            at[k] = observed.Row[k] * observed.Cols + observed.Col[k];
            lower[k] = value[k] - epsilon;
            upper[k] = value[k] + epsilon;
        }
    }

    /// <summary>Writes v[k] at the k-th observed position of the matrix (other entries untouched).</summary>
    public void Scatter(double[] v, double[] matrix)
    {
        for (int k = 0; k < at.Length; k++) matrix[at[k]] = v[k];
    }

    /// <summary>Clamps the observed entries of z into the box and adds what was cut off to u.</summary>
    public void Project(double[] z, double[] u)
    {
        for (int k = 0; k < at.Length; k++)
        {
            int i = at[k];
            double clamped = Math.Clamp(z[i], lower[k], upper[k]);
            u[i] += z[i] - clamped;
            z[i] = clamped;
        }
    }

    /// <summary>max over Ω of (|z_ij − M_ij| − ε)⁺.</summary>
    public double MaxViolation(double[] z)
    {
        double worst = 0;
        for (int k = 0; k < at.Length; k++) worst = Math.Max(worst, Math.Abs(z[at[k]] - value[k]) - epsilon);
        return worst;
    }

    /// <summary>
    /// Dual objective Σ_Ω (Y M − ε|Y|) of Y = −ρU on Ω, scaled to spectral norm one. The objective is
    /// linear in the scale, so when it is positive the best feasible scale puts ‖Y‖_2 at exactly one;
    /// otherwise Y = 0 (objective 0) is the better certificate.
    /// </summary>
    public double DualBound(double[] u, double rho, int rows, int cols)
    {
        var y = new double[u.Length];
        double objective = 0;
        for (int k = 0; k < at.Length; k++)
        {
            double yk = -rho * u[at[k]];
            y[at[k]] = yk;
            objective += yk * value[k] - epsilon * Math.Abs(yk);
        }
        if (!(objective > 0)) return 0;
        double spectral = SingularValues.Of(y, rows, cols)[0];
        return objective / spectral;
    }
}
