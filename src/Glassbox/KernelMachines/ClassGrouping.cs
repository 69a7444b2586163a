namespace Glassbox.KernelMachines;

/// <summary>
/// The training rows grouped by class as scikit-learn's LIBSVM does (<c>svm_group_classes</c>):
/// classes in ascending label order, each class's rows in training order.
/// </summary>
internal sealed class ClassGrouping
{
    ClassGrouping(int[] classes, int[][] members)
    {
        Classes = classes;
        Members = members;
    }

    /// <summary>The distinct labels, ascending.</summary>
    public int[] Classes { get; }

    /// <summary>Members[c]: positions (into the training arrays) of class c, ascending.</summary>
    public int[][] Members { get; }

    public int Count => Classes.Length;

    /// <summary>Groups <paramref name="labels"/>; throws when there is only one class.</summary>
    public static ClassGrouping Create(ReadOnlySpan<int> labels, string parameterName)
    {
        int[] classes = labels.ToArray();
        Array.Sort(classes);
        int distinct = 0;
        for (int t = 0; t < classes.Length; t++)
            if (t == 0 || classes[t] != classes[t - 1]) classes[distinct++] = classes[t];
        if (distinct < 2)
            throw new ArgumentException(
                $"A classifier needs at least two classes; the {labels.Length} training labels all are {(labels.Length > 0 ? labels[0] : 0)}.",
                parameterName);
        Array.Resize(ref classes, distinct);

        var counts = new int[distinct];
        var classOf = new int[labels.Length];
        for (int t = 0; t < labels.Length; t++)
        {
            classOf[t] = Array.BinarySearch(classes, labels[t]);
            counts[classOf[t]]++;
        }
        var members = new int[distinct][];
        for (int c = 0; c < distinct; c++) members[c] = new int[counts[c]];
        Array.Clear(counts);
        for (int t = 0; t < labels.Length; t++)
        {
            int cls = classOf[t];
            members[cls][counts[cls]++] = t;
        }
        return new ClassGrouping(classes, members);
    }
}
