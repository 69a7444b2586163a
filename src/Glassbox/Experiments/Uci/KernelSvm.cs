using Glassbox.KernelMachines;

namespace Glassbox.Experiments.Uci;

/// <summary>The C-SVM steps every kernel method of the protocol shares.</summary>
public static class KernelSvm
{
    /// <summary>The paper's grid: C ∈ {10⁻², 10⁻¹, …, 10⁴}, ascending.</summary>
    public static readonly IReadOnlyList<double> CGrid = Enumerable.Range(-2, 7).Select(e => Math.Pow(10, e)).ToArray();

    /// <summary>Accuracy on <paramref name="test"/> of the SVM at each C of <paramref name="cs"/>, fitted on <paramref name="train"/>.</summary>
    public static IEnumerable<(double C, double Accuracy)> Path(KernelMatrix kernel, int[] labels, int[] train, int[] test,
        IReadOnlyList<double> cs, SvmSolver solver)
    {
        int[] trainLabels = train.Select(r => labels[r]).ToArray();
        if (trainLabels.Distinct().Count() == 1)
        {
            double constant = UciProtocol.Accuracy(Enumerable.Repeat(trainLabels[0], test.Length).ToArray(), labels, test);
            return cs.Select(c => (c, constant)).ToList();
        }
        IReadOnlyList<SvmModel> models = SvmClassifier.FitPath(kernel, train, trainLabels, cs, new SvmOptions(Solver: solver));
        return cs.Select((c, i) => (c, UciProtocol.Accuracy(models[i].Predict(kernel, test), labels, test))).ToList();
    }

    /// <summary>Accuracy of one SVM fitted at <paramref name="c"/> from α = 0.</summary>
    public static double Accuracy(KernelMatrix kernel, int[] labels, int[] train, int[] test, double c, SvmSolver solver) =>
        Path(kernel, labels, train, test, new[] { c }, solver).Single().Accuracy;
}
