using System.Text.Json.Serialization;

namespace Glassbox.Training;

/// <summary>How the momentum buffer of the converted (no weight decay) run starts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BufferStart>))]
public enum BufferStart
{
    /// <summary>
    /// ṽ₀ = (α − 1)/(α η₀) · θ₀, the buffer a constant-rate run would have in its steady state: the
    /// converted rate is then exactly η α^(−2t−1) while η is constant.
    /// </summary>
    [JsonStringEnumMemberName("steady")] Steady,

    /// <summary>ṽ₀ = 0 as in PyTorch; the conversion stays exact, the converted rate warms up over ~1/(1 − γ) steps.</summary>
    [JsonStringEnumMemberName("zero")] Zero,
}
