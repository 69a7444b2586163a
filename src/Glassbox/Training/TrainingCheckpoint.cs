using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Glassbox.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Training;

/// <summary>
/// What fixes a run's trajectory besides the model: a checkpoint is resumed only under the same values
/// (the number of epochs may grow; threads may change, though on CPU bit-identity needs the same count).
/// </summary>
public sealed record RunIdentity(int BatchSize, string Schedule, double Momentum, double WeightDecay, double InitialBufferFactor,
    long Seed, string DType, bool Augment, string TrainShape, string TestShape, int TrainedParameters, int BnRecalibrationBatches = 0,
    string? Model = null, string? TrainData = null, string? Mixing = null);

/// <summary>One saved tensor: its name, element type, shape and raw (native-endian) bytes.</summary>
public sealed record SavedTensor(string Name, ScalarType Type, long[] Shape, byte[] Bytes);

/// <summary>
/// A training checkpoint: the run's identity, the epochs done, the global step, the epoch records, the module's
/// whole state (parameters and buffers, batch-norm running statistics included) and the momentum buffers.
/// One binary file ending in the SHA-256 of everything before it, written through a temporary file and a rename.
/// </summary>
public sealed record TrainingCheckpoint(RunIdentity Identity, int Epoch, long Step, IReadOnlyList<EpochRecord> Records,
    IReadOnlyList<SavedTensor> State, IReadOnlyList<SavedTensor> Buffers)
{
    static readonly byte[] Magic = "GBCKPT01"u8.ToArray();
    const int HashBytes = 32;

    public static IReadOnlyList<SavedTensor> Capture(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        using var scope = torch.NewDisposeScope();
        return tensors.Select(t =>
        {
            Tensor cpu = t.Tensor.detach().cpu().contiguous();
            return new SavedTensor(t.Name, cpu.dtype, cpu.shape, cpu.bytes.ToArray());
        }).ToList();
    }

    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(Identity));
            writer.Write(Epoch);
            writer.Write(Step);
            writer.Write(JsonSerializer.Serialize(Records));
            WriteTensors(writer, State);
            WriteTensors(writer, Buffers);
        }
        byte[] bytes = payload.ToArray();
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    });

    /// <summary>Reads a checkpoint; a truncated, corrupt or foreign file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length + HashBytes || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Glassbox training checkpoint (expected it to start with \"GBCKPT01\"; {file.Length} bytes)");
        int length = file.Length - HashBytes;
        if (!SHA256.HashData(file.AsSpan(0, length)).AsSpan().SequenceEqual(file.AsSpan(length)))
            throw new InvalidDataException($"{path}: checksum mismatch: the checkpoint is truncated or corrupt ({file.Length} bytes)");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(file, Magic.Length, length - Magic.Length), Encoding.UTF8);
            var identity = JsonSerializer.Deserialize<RunIdentity>(reader.ReadString()) ?? throw new JsonException("null identity");
            int epoch = reader.ReadInt32();
            long step = reader.ReadInt64();
            var records = JsonSerializer.Deserialize<List<EpochRecord>>(reader.ReadString()) ?? throw new JsonException("null records");
            var state = ReadTensors(reader);
            var buffers = ReadTensors(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length) throw new InvalidDataException("bytes left after the last tensor");
            return new TrainingCheckpoint(identity, epoch, step, records, state, buffers);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: unreadable checkpoint: {e.Message}", e);
        }
    }

    /// <summary>Copies <paramref name="saved"/> into <paramref name="targets"/>, which must match it name for name, in type and shape.</summary>
    public static void Restore(string path, string what, IReadOnlyList<SavedTensor> saved, IReadOnlyList<(string Name, Tensor Tensor)> targets)
    {
        if (saved.Count != targets.Count)
            throw new InvalidDataException($"{path}: the checkpoint holds {saved.Count} {what}, the run has {targets.Count}");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (int i = 0; i < saved.Count; i++)
        {
            SavedTensor s = saved[i];
            var (name, target) = targets[i];
            if (s.Name != name || s.Type != target.dtype || !s.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException(
                    $"{path}: {what} {i} is '{s.Name}' {s.Type} [{string.Join(", ", s.Shape)}] in the checkpoint but '{name}' {target.dtype} " +
                    $"[{string.Join(", ", target.shape)}] in the run: a checkpoint of another model");
            Tensor source = torch.empty(s.Shape, s.Type);
            if (s.Bytes.Length != (int)(source.NumberOfElements * source.ElementSize))
                throw new InvalidDataException($"{path}: {what} '{s.Name}' has {s.Bytes.Length} bytes, its shape needs {source.NumberOfElements * source.ElementSize}");
            source.bytes = s.Bytes;
            target.copy_(source);
        }
    }

    static void WriteTensors(BinaryWriter writer, IReadOnlyList<SavedTensor> tensors)
    {
        writer.Write(tensors.Count);
        foreach (SavedTensor t in tensors)
        {
            writer.Write(t.Name);
            writer.Write((int)t.Type);
            writer.Write(t.Shape.Length);
            foreach (long d in t.Shape) writer.Write(d);
            writer.Write(t.Bytes.Length);
            writer.Write(t.Bytes);
        }
    }

    static List<SavedTensor> ReadTensors(BinaryReader reader)
    {
        int count = NonNegative(reader.ReadInt32(), "tensor count");
        var tensors = new List<SavedTensor>(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var type = (ScalarType)reader.ReadInt32();
            var shape = new long[NonNegative(reader.ReadInt32(), "rank")];
            for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            int length = NonNegative(reader.ReadInt32(), "byte count");
            byte[] bytes = reader.ReadBytes(length);
            if (bytes.Length != length) throw new EndOfStreamException($"tensor '{name}' is cut short");
            tensors.Add(new SavedTensor(name, type, shape, bytes));
        }
        return tensors;
    }

    static int NonNegative(int value, string what) =>
        value >= 0 ? value : throw new InvalidDataException($"negative {what} {value}");
}
