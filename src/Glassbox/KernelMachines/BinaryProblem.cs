namespace Glassbox.KernelMachines;

/// <summary>
/// One binary subproblem of one-vs-one as LIBSVM builds it: the training rows of class A
/// (label +1, in training order) followed by those of class B (label −1), and its signed kernel
/// Q[i][j] = yᵢ yⱼ K(xᵢ, xⱼ) copied into a compact block of float32 rows. Float32 is LIBSVM's
/// <c>Qfloat</c>: it halves the memory traffic of the SMO inner loops, and storing exactly what
/// LIBSVM stores keeps the iteration path, and hence the solution, the same as scikit-learn's.
/// The diagonal stays float64 (LIBSVM's <c>QD</c>).
/// </summary>
internal sealed class BinaryProblem
{
    BinaryProblem(int[] members, sbyte[] y, float[][] q, double[] qd)
    {
        Members = members;
        Y = y;
        Q = q;
        QD = qd;
    }

    /// <summary>Positions in the training array, class A first.</summary>
    public int[] Members { get; }

    /// <summary>+1 for class A, −1 for class B.</summary>
    public sbyte[] Y { get; }

    /// <summary>Rows of yᵢ yⱼ K(xᵢ, xⱼ) as float32; the solver permutes them in place.</summary>
    public float[][] Q { get; }

    /// <summary>K(xᵢ, xᵢ) in float64.</summary>
    public double[] QD { get; }

    public int Count => Members.Length;

    /// <summary>Gathers the block for members <paramref name="classA"/> then <paramref name="classB"/>.</summary>
    /// <param name="kernel">The full kernel.</param>
    /// <param name="train">Kernel rows of the training set.</param>
    /// <param name="classA">Positions in <paramref name="train"/> of class A, ascending.</param>
    /// <param name="classB">Positions in <paramref name="train"/> of class B, ascending.</param>
    public static BinaryProblem Build(KernelMatrix kernel, ReadOnlySpan<int> train, ReadOnlySpan<int> classA, ReadOnlySpan<int> classB)
    {
        int l = classA.Length + classB.Length;
        var members = new int[l];
        classA.CopyTo(members);
        classB.CopyTo(members.AsSpan(classA.Length));
        var y = new sbyte[l];
        var rows = new int[l]; // kernel row of each member
        for (int i = 0; i < l; i++)
        {
            y[i] = i < classA.Length ? (sbyte)1 : (sbyte)-1;
            rows[i] = train[members[i]];
        }

        double[] k = kernel.Values;
        int n = kernel.Size;
        var q = new float[l][];
        var qd = new double[l];
        for (int i = 0; i < l; i++)
        {
            var row = new float[l];
            long offset = (long)rows[i] * n;
            double si = y[i];
            for (int j = 0; j < l; j++)
                row[j] = (float)(si * y[j] * k[offset + rows[j]]);
            q[i] = row;
            qd[i] = k[offset + rows[i]];
        }
        return new BinaryProblem(members, y, q, qd);
    }
}
