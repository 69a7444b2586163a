using System.Text.Json.Serialization;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// One finished (data set, method) of the UCI protocol: the configuration chosen on the
/// validation split and the mean test accuracy over the four evaluation splits. Accuracies are
/// in [0, 1]; hyper-parameters a method does not have are null. <see cref="Settings"/>: see <see cref="IUciMethod.Settings"/>.
/// </summary>
public sealed record UciResult(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("d")] int D,
    [property: JsonPropertyName("classes")] int Classes,
    [property: JsonPropertyName("val_acc")] double ValAcc,
    [property: JsonPropertyName("test_acc")] double TestAcc,
    [property: JsonPropertyName("depth")] int? Depth,
    [property: JsonPropertyName("fix")] int? Fix,
    [property: JsonPropertyName("C")] double? C,
    [property: JsonPropertyName("gamma")] double? Gamma,
    [property: JsonPropertyName("trees")] int? Trees,
    [property: JsonPropertyName("leaves")] int? Leaves,
    [property: JsonPropertyName("min_leaf")] int? MinLeaf,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("settings"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Settings = null);
