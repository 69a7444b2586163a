using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Glassbox.Data;
using Glassbox.Kernels.Convolutional;

namespace Glassbox.Kernels;

/// <summary>
/// <see cref="ReluNtkFamily"/>'s kernels in one fused pass per row of X1, SIMD across columns of X2 (8 float64 lanes with
/// AVX-512, else 4), rows shared by the cores: no tensor is materialised between layers, so the cost is the arithmetic and
/// the writes of the outputs. Per pair, as <see cref="KernelState.FromInputs"/>: the distances a = ‖x̂ − x̂′‖ and
/// b = ‖x̂ + x̂′‖ of the unit rows, summed coordinate by coordinate, give the inputs' angle exactly — cos θ = (b² − a²)/(a² + b²),
/// sin θ = 2ab/(a² + b²), π − θ = 2·atan(b/a) — and each later layer carries ρ, √(1 − ρ²) = √(1 + ρ)·√(1 − ρ) and
/// π − arccos ρ (<see cref="CephesAtan.Supplement{TV, L}"/>) with the root halving per ReLU. A pair's value depends on its two
/// rows alone, so the result is exactly symmetric for X2 = X1 and the same whatever else is in X1 or X2.
/// </summary>
internal static class FusedReluFamily
{
    /// <summary>Column vectors whose distance sums run side by side: four independent multiply-add chains hide each one's latency.</summary>
    const int Interleave = 4;

    public static double[][] Compute(int maxDepth, Matrix x1, Matrix? x2, IProgress<double>? progress = null, int threads = 0) =>
        Vector512.IsHardwareAccelerated
            ? Compute<Vector512<double>, Double512>(maxDepth, x1, x2, progress, threads)
            : Compute<Vector256<double>, Double256>(maxDepth, x1, x2, progress, threads);

    /// <summary>The engine on lanes <typeparamref name="L"/> (tests run both widths on any machine that has them).</summary>
    internal static double[][] Compute<TV, L>(int maxDepth, Matrix x1, Matrix? x2, IProgress<double>? progress, int threads)
        where TV : struct where L : ISimdLanes<TV, double>
    {
        Matrix other = x2 ?? x1;
        if (other.Cols != x1.Cols) throw new ArgumentException($"inputs must have the same number of columns, got {x1.Cols} and {other.Cols}");
        int n1 = x1.Rows, n2 = other.Rows, d = x1.Cols, width = L.Count;
        if ((long)n1 * n2 > Array.MaxLength) throw new ArgumentException($"a {n1}×{n2} kernel matrix does not fit one array; compute it in tiles");
        int step = Interleave * width, padded = (n2 + step - 1) / step * step;
        var (unit1, norm1) = Units(x1);
        var (unit2, norm2Rows) = Units(other);
        var columns = new double[(long)d * padded]; // X2's unit rows transposed, zero beyond n2
        var norm2 = new double[padded];
        for (int j = 0; j < n2; j++)
        {
            norm2[j] = norm2Rows[j];
            for (int k = 0; k < d; k++) columns[(long)k * padded + j] = unit2[(long)j * d + k];
        }
        var outputs = new double[ReluNtkFamily.Count(maxDepth)][];
        for (int k = 0; k < outputs.Length; k++) outputs[k] = GC.AllocateUninitializedArray<double>(n1 * n2);

        // Work comes in chunks of rows; inside one, blocks of columns small enough for their transposed unit rows to stay in
        // the core's L2 cache while every row of the chunk passes over them.
        const int chunk = 16;
        int block = Math.Max(step, 16384 / Math.Max(1, d) / step * step);
        int chunks = (n1 + chunk - 1) / chunk, next = -1, done = 0;
        int workers = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, chunks));
        void Work(bool reports)
        {
            var accumulators = new TV[maxDepth];
            var tail = new double[width];
            for (int c; (c = Interlocked.Increment(ref next)) < chunks;)
            {
                for (int j0 = 0; j0 < padded; j0 += block)
                    for (int i = c * chunk; i < Math.Min(n1, (c + 1) * chunk); i++)
                        Row<TV, L>(i, maxDepth, unit1.AsSpan(i * d, d), norm1[i], columns, norm2, n2, padded, j0, Math.Min(padded, j0 + block),
                            outputs, accumulators, tail);
                Interlocked.Increment(ref done);
                if (reports) progress?.Report((double)Volatile.Read(ref done) / chunks);
            }
        }
        var helpers = Enumerable.Range(1, workers - 1).Select(_ => Task.Factory.StartNew(() => Work(false), TaskCreationOptions.LongRunning)).ToArray();
        Work(true);
        Task.WaitAll(helpers);
        progress?.Report(1);
        return outputs;
    }

    /// <summary>Rows scaled to unit length (a zero row stays zero: its angle to anything is then π/2) and their norms.</summary>
    static (double[] Units, double[] Norms) Units(Matrix x)
    {
        var units = new double[x.Data.Length];
        var norms = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<double> row = x.Row(i);
            double sum = 0;
            foreach (double v in row) sum += v * v;
            norms[i] = Math.Sqrt(sum);
            if (norms[i] > 0)
                for (int k = 0; k < row.Length; k++) units[(long)i * x.Cols + k] = row[k] / norms[i];
        }
        return (units, norms);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Row<TV, L>(int i, int maxDepth, ReadOnlySpan<double> unit, double norm, double[] columns, double[] norm2, int n2, int padded,
        int from, int to, double[][] outputs, TV[] accumulators, double[] tail) where TV : struct where L : ISimdLanes<TV, double>
    {
        int width = L.Count, d = unit.Length;
        TV zero = L.Zero;
        ref double column0 = ref MemoryMarshal.GetArrayDataReference(columns); // no bounds check: X may have no columns
        for (int j0 = from; j0 < to; j0 += Interleave * width)
        {
            TV apart0 = zero, together0 = zero, apart1 = zero, together1 = zero, apart2 = zero, together2 = zero, apart3 = zero, together3 = zero;
            for (int k = 0; k < d; k++)
            {
                TV u = L.Splat(unit[k]);
                nuint at = (nuint)((long)k * padded + j0);
                Accumulate<TV, L>(u, L.Load(ref column0, at), ref apart0, ref together0);
                Accumulate<TV, L>(u, L.Load(ref column0, at + (nuint)width), ref apart1, ref together1);
                Accumulate<TV, L>(u, L.Load(ref column0, at + (nuint)(2 * width)), ref apart2, ref together2);
                Accumulate<TV, L>(u, L.Load(ref column0, at + (nuint)(3 * width)), ref apart3, ref together3);
            }
            Layers<TV, L>(i, j0, apart0, together0, maxDepth, norm, norm2, n2, outputs, accumulators, tail);
            Layers<TV, L>(i, j0 + width, apart1, together1, maxDepth, norm, norm2, n2, outputs, accumulators, tail);
            Layers<TV, L>(i, j0 + 2 * width, apart2, together2, maxDepth, norm, norm2, n2, outputs, accumulators, tail);
            Layers<TV, L>(i, j0 + 3 * width, apart3, together3, maxDepth, norm, norm2, n2, outputs, accumulators, tail);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Accumulate<TV, L>(TV u, TV v, ref TV apart, ref TV together) where TV : struct where L : ISimdLanes<TV, double>
    {
        TV difference = L.Subtract(u, v), sum = L.Add(u, v);
        apart = L.MultiplyAdd(difference, difference, apart);
        together = L.MultiplyAdd(sum, sum, together);
    }

    /// <summary>Every layer's kernels of the pairs (i, j .. j + lanes) from their squared distances ‖x̂ − x̂′‖² and ‖x̂ + x̂′‖².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Layers<TV, L>(int i, int j, TV apart, TV together, int maxDepth, double norm, double[] norm2, int n2, double[][] outputs,
        TV[] accumulators, double[] tail) where TV : struct where L : ISimdLanes<TV, double>
    {
        if (j >= n2) return;
        TV zero = L.Zero, one = L.Splat(1), minusOne = L.Splat(-1), inversePi = L.Splat(1 / Math.PI), inverseTwoPi = L.Splat(0.5 / Math.PI);
        TV a = L.Sqrt(apart), b = L.Sqrt(together);
        // Two zero rows (both distances 0): θ = 0 as in KernelState.FromInputs. Their norm product is 0, so every output is 0 anyway;
        // the selects only keep NaN out of the lanes.
        TV coincide = L.And(L.LessThan(apart, L.Splat(double.Epsilon)), L.LessThan(together, L.Splat(double.Epsilon)));
        // Divisions, not a product with 1/(a² + b²): a duplicate's ρ must come out exactly 1, or every later layer's arccos errs by 1e-8.
        TV both = L.Add(apart, together);
        TV rho = L.Select(coincide, one, L.Divide(L.Subtract(together, apart), both));
        TV sine = L.Select(coincide, zero, L.Divide(L.Multiply(L.Add(a, a), b), both));
        TV half = CephesAtan.OfRatio<TV, L>(L.Select(coincide, one, b), a); // atan(b/a); b/0 gives π/2
        TV supplement = L.Add(half, half); // π − θ = 2·atan(b/a)
        TV root = L.Multiply(L.Splat(norm), L.Load(ref MemoryMarshal.GetArrayDataReference(norm2), (nuint)j));
        TV nngp = L.Multiply(root, rho);
        accumulators[0] = nngp;
        Write<TV, L>(nngp, outputs[0], i, j, n2, tail);
        for (int h = 1; h < maxDepth; h++)
        {
            TV scaled = L.MultiplyAdd(rho, supplement, sine); // ρ(π − θ) + sin θ
            TV sigma = L.Multiply(L.Multiply(scaled, root), inverseTwoPi);
            TV sigmaDot = L.Multiply(supplement, inverseTwoPi);
            for (int f = 0; f < h; f++) accumulators[f] = L.MultiplyAdd(accumulators[f], sigmaDot, sigma);
            accumulators[h] = sigma;
            int first = ReluNtkFamily.Index(h, 0);
            for (int f = 0; f <= h; f++) Write<TV, L>(accumulators[f], outputs[first + f], i, j, n2, tail);
            if (h + 1 == maxDepth) break;
            root = L.Multiply(root, L.Splat(0.5));
            rho = L.Max(minusOne, L.Min(one, L.Multiply(scaled, inversePi))); // π·fl(1/π) is exactly 1, so duplicates keep ρ = 1
            TV plus = L.Sqrt(L.Add(one, rho)), minus = L.Sqrt(L.Subtract(one, rho));
            sine = L.Multiply(plus, minus);
            supplement = CephesAtan.Supplement<TV, L>(plus, minus);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Write<TV, L>(TV value, double[] output, int i, int j, int n2, double[] tail) where TV : struct where L : ISimdLanes<TV, double>
    {
        long at = (long)i * n2 + j;
        if (j + L.Count <= n2) { L.Store(value, ref output[0], (nuint)at); return; }
        L.Store(value, ref tail[0], 0);
        tail.AsSpan(0, n2 - j).CopyTo(output.AsSpan((int)at));
    }
}
