using Glassbox.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// Random forest baseline: ML.NET's FastForest (bagged trees with random feature subsets), made
/// multiclass one-versus-all, since FastForest is a binary classifier. The grid is documented in
/// <see cref="Grid"/>; the seed is fixed, so a rerun gives the same forests.
/// </summary>
public sealed class ForestMethod(int seed = 1) : IUciMethod
{
    public string Name => "rf";

    /// <summary>Trees per forest × leaves per tree × minimum examples per leaf, in the protocol's order.</summary>
    public static readonly IReadOnlyList<UciConfig> Grid =
        (from leaves in new[] { 16, 64 }
         from minLeaf in new[] { 1, 5 }
         select new UciConfig(Trees: 100, Leaves: leaves, MinLeaf: minLeaf)).ToList();

    public IPreparedUciMethod Prepare(UciDataset data) => new Prepared(data, seed);

    sealed class Row
    {
        public float[] Features = [];
        public float Label;
    }

    sealed class Prediction
    {
        public float PredictedLabel = 0;
    }

    sealed class Prepared(UciDataset data, int seed) : IPreparedUciMethod
    {
        readonly SchemaDefinition _schema = Schema(data.Features);

        static SchemaDefinition Schema(int features)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
            return schema;
        }

        // Configurations are independent fits, each with its own seeded context: parallel and still deterministic.
        public IEnumerable<(UciConfig Config, double Accuracy)> Sweep(int[] train, int[] test) =>
            Grid.AsParallel().AsOrdered().Select(config => (config, Accuracy(config, train, test))).ToList();

        public double Accuracy(UciConfig config, int[] train, int[] test)
        {
            int[] predicted = Predict(config, train, test);
            return UciProtocol.Accuracy(predicted, data.Y, test);
        }

        int[] Predict(UciConfig config, int[] train, int[] test)
        {
            var ml = new MLContext(seed);
            int[] classes = train.Select(r => data.Y[r]).Distinct().ToArray();
            if (classes.Length == 1) return Enumerable.Repeat(classes[0], test.Length).ToArray();

            var options = new FastForestBinaryTrainer.Options
            {
                NumberOfTrees = config.Trees ?? 100,
                NumberOfLeaves = config.Leaves ?? 20,
                MinimumExampleCountPerLeaf = config.MinLeaf ?? 10,
                NumberOfThreads = 1, // determinism: the forest does not depend on thread scheduling
                LabelColumnName = "Label",
            };
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(options)))
                .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(Prediction.PredictedLabel)));
            var model = pipeline.Fit(View(ml, train));
            return ml.Data.CreateEnumerable<Prediction>(model.Transform(View(ml, test)), reuseRowObject: false)
                .Select(p => (int)p.PredictedLabel).ToArray();
        }

        IDataView View(MLContext ml, int[] rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new Row
        {
            Features = data.Row(r).ToArray().Select(v => (float)v).ToArray(),
            Label = data.Y[r],
        }).ToList(), _schema);

        public void Dispose() { }
    }
}
