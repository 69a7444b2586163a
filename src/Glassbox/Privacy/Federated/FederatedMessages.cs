namespace Glassbox.Privacy.Federated;

/// <summary>One tensor as plain data (name, shape, values), so that a message can cross a process or a machine.</summary>
public sealed record NamedTensor(string Name, long[] Shape, double[] Values);

/// <summary>Server → party: the global model of a round.</summary>
public sealed record GlobalModel(int Round, IReadOnlyList<NamedTensor> Weights);

/// <summary>Party → server: the party's weights after its local training, and how many examples it trained on (the average's weight).</summary>
public sealed record PartyUpdate(int Round, int Party, int Examples, IReadOnlyList<NamedTensor> Weights, double LocalLoss);
