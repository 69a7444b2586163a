using System.Globalization;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments;

namespace Glassbox.Training;

/// <summary>The per-epoch log of a run: JSON lines and the same numbers as CSV beside it, each file replaced atomically.</summary>
public static class TrainingLog
{
    const string Header = "epoch,step,lr,train_loss,train_acc,test_loss,test_acc,weight_norm,seconds";

    public static void Write(string folder, IReadOnlyList<EpochRecord> records)
    {
        new JsonLinesFile<EpochRecord>(Path.Combine(folder, Trainer.LogFile), "epoch record").Save(records);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (EpochRecord r in records)
            csv.AppendJoin(',', new object[] { r.Epoch, r.Step, r.Lr, r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestAccuracy, r.WeightNorm, r.Seconds }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))).Append('\n');
        AtomicFile.Write(Path.Combine(folder, Trainer.CsvFile), stream => stream.Write(Encoding.UTF8.GetBytes(csv.ToString())));
    }

    public static IReadOnlyList<EpochRecord> Read(string folder) =>
        new JsonLinesFile<EpochRecord>(Path.Combine(folder, Trainer.LogFile), "epoch record").Load();
}
