namespace Glassbox.KernelMachines;

/// <summary>
/// One binary subproblem of one-vs-one as LIBSVM builds it: the training rows of class A
/// (y = +1, in training order) followed by those of class B (y = −1). Its signed kernel
/// Q[i][j] = yᵢ yⱼ K(xᵢ, xⱼ) is gathered from the full kernel into compact rows, once per pair:
/// the SMO inner loops then read two contiguous rows per iteration instead of gathering through
/// two index arrays from an n×n matrix.
/// </summary>
internal sealed class BinaryProblem
{
    readonly KernelMatrix kernel;
    readonly int[] rows; // kernel row of each member

    BinaryProblem(int[] members, sbyte[] y, double[] qd, KernelMatrix kernel, int[] rows)
    {
        Members = members;
        Y = y;
        QD = qd;
        this.kernel = kernel;
        this.rows = rows;
    }

    /// <summary>Positions in the training array, class A first.</summary>
    public int[] Members { get; }

    /// <summary>+1 for class A, −1 for class B.</summary>
    public sbyte[] Y { get; }

    /// <summary>K(xᵢ, xᵢ) in float64 (LIBSVM's <c>QD</c>).</summary>
    public double[] QD { get; }

    public int Count => Members.Length;

    /// <summary>Class A's positions then class B's (each ascending) as one problem.</summary>
    public static BinaryProblem Build(KernelMatrix kernel, ReadOnlySpan<int> train, ReadOnlySpan<int> classA, ReadOnlySpan<int> classB)
    {
        int l = classA.Length + classB.Length;
        var members = new int[l];
        classA.CopyTo(members);
        classB.CopyTo(members.AsSpan(classA.Length));
        var y = new sbyte[l];
        var rows = new int[l];
        var qd = new double[l];
        for (int i = 0; i < l; i++)
        {
            y[i] = i < classA.Length ? (sbyte)1 : (sbyte)-1;
            rows[i] = train[members[i]];
            qd[i] = kernel[rows[i], rows[i]];
        }
        return new BinaryProblem(members, y, qd, kernel, rows);
    }

    /// <summary>
    /// Rows of Q in member order, as float32 (LIBSVM's <c>Qfloat</c>: what scikit-learn computes
    /// with) or float64. LIBSVM rounds yᵢyⱼK to float exactly like this cast.
    /// </summary>
    public T[][] SignedRows<T>() where T : unmanaged
    {
        int l = Count, n = kernel.Size;
        double[] k = kernel.Values;
        var q = new T[l][];
        for (int i = 0; i < l; i++)
        {
            var row = new T[l];
            long offset = (long)rows[i] * n;
            double si = Y[i];
            if (typeof(T) == typeof(float))
            {
                var f = (float[])(object)row;
                for (int j = 0; j < l; j++) f[j] = (float)(si * Y[j] * k[offset + rows[j]]);
            }
            else
            {
                var d = (double[])(object)row;
                for (int j = 0; j < l; j++) d[j] = si * Y[j] * k[offset + rows[j]];
            }
            q[i] = row;
        }
        return q;
    }

    /// <summary>scale·Q in float64 for members order[0..n), row-major (the interior-point method's matrix).</summary>
    public double[] SignedBlock(int[] order, double scale)
    {
        int l = order.Length, n = kernel.Size;
        double[] k = kernel.Values;
        var block = new double[(long)l * l];
        for (int i = 0; i < l; i++)
        {
            int mi = order[i];
            long offset = (long)rows[mi] * n;
            double si = scale * Y[mi];
            for (int j = 0; j < l; j++)
                block[(long)i * l + j] = si * Y[order[j]] * k[offset + rows[order[j]]];
        }
        return block;
    }
}
