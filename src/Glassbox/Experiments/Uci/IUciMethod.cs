using Glassbox.Data;

namespace Glassbox.Experiments.Uci;

/// <summary>A classifier family compared on the UCI protocol (NTK, NNGP, Gaussian SVM, random forest).</summary>
public interface IUciMethod
{
    /// <summary>The name in results and tables: ntk, nngp, rbf, rf.</summary>
    string Name { get; }

    /// <summary>
    /// The settings besides the name that change its results ("solver=libsvm"), recorded with each result: a resumed run
    /// reuses a result only when they are equal. Null for the defaults (results written before settings were recorded).
    /// </summary>
    string? Settings => null;

    /// <summary>How many configurations <see cref="IPreparedUciMethod.Sweep"/> yields (for progress inside a set; 0: unknown).</summary>
    int GridSize => 0;

    /// <summary>Per-data-set work done once (e.g. the kernel matrices over all rows).</summary>
    IPreparedUciMethod Prepare(UciDataset data);
}

/// <summary>A method bound to one data set.</summary>
public interface IPreparedUciMethod : IDisposable
{
    /// <summary>
    /// Every configuration of the grid with its accuracy on <paramref name="test"/> after training
    /// on <paramref name="train"/>, in the protocol's order (the first strictly best one wins).
    /// </summary>
    IEnumerable<(UciConfig Config, double Accuracy)> Sweep(int[] train, int[] test);

    /// <summary>Accuracy of one configuration trained on <paramref name="train"/>, tested on <paramref name="test"/>.</summary>
    double Accuracy(UciConfig config, int[] train, int[] test);
}
