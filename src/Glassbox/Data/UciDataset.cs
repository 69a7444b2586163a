namespace Glassbox.Data;

/// <summary>
/// One UCI classification set in the Fernández-Delgado format: standardised features and 0-based classes.
/// </summary>
/// <param name="Name">Folder name, e.g. "iris".</param>
/// <param name="Rows">Rows of the data file, or of the training file for a set with a fixed test split.</param>
/// <param name="X">Row-major <paramref name="Rows"/> × <paramref name="Features"/>.</param>
/// <param name="Y">Class of each row, in [0, <paramref name="Classes"/>).</param>
/// <param name="TestRows">Rows of the separate test file; 0 when the set has none.</param>
/// <param name="TestX">Row-major test features, or null when the set has no test file.</param>
/// <param name="TestY">Test classes, or null when the set has no test file.</param>
/// <param name="Selection">conxuntos.dat: training and validation rows; null when the file is absent.
/// For a split set it indexes the training file only.</param>
/// <param name="Folds">conxuntos_kfold.dat: the 4 (train, test) pairs of the evaluation; null when absent.
/// Each pair partitions all rows, but the four test sets are independent draws, not disjoint folds.</param>
public sealed record UciDataset(
    string Name,
    int Rows,
    int Features,
    int Classes,
    double[] X,
    int[] Y,
    int TestRows,
    double[]? TestX,
    int[]? TestY,
    UciSplit? Selection,
    IReadOnlyList<UciSplit>? Folds)
{
    public bool HasTestSet => TestX is not null;

    public ReadOnlySpan<double> Row(int row) => X.AsSpan(row * Features, Features);

    public ReadOnlySpan<double> TestRow(int row) =>
        (TestX ?? throw new InvalidOperationException($"{Name} has no test file.")).AsSpan(row * Features, Features);
}
