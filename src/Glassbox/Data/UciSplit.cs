namespace Glassbox.Data;

/// <summary>
/// Two disjoint sets of 0-based row indices into a UCI set's (training) rows. For
/// <see cref="UciDataset.Selection"/> (conxuntos.dat) <see cref="Test"/> is the validation set used
/// to choose hyper-parameters; for a fold (conxuntos_kfold.dat) it is that fold's test set.
/// </summary>
public sealed record UciSplit(int[] Train, int[] Test);
