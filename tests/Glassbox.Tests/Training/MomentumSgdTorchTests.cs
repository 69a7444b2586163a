using System.Globalization;
using System.Text.Json;
using Glassbox.Tests.Data;
using Glassbox.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training;

/// <summary>
/// Issue 11, defect 5: MomentumSgd is torch.optim.SGD written out, bit for bit, in float32 and float64. The expected values
/// were recorded from PyTorch 1.13 (Debian's python3-torch) by bench/sgd_reference.py into Fixtures/sgd_torch.json.
/// </summary>
public sealed class MomentumSgdTorchTests
{
    static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(TestData.RepoRoot, "tests", "Glassbox.Tests", "Training", "Fixtures", "sgd_torch.json"))).RootElement.GetProperty("cases");

    public static TheoryData<int> CaseIndices() => new(Enumerable.Range(0, Cases.GetArrayLength()));

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Every_step_equals_PyTorchs_to_the_last_bit(int index)
    {
        JsonElement c = Cases[index];
        ScalarType type = c.GetProperty("dtype").GetString() == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        double[] rates = c.GetProperty("rates").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        var theta = new Parameter(tensor(Hex(c.GetProperty("start")), ScalarType.Float64).to_type(type));
        using var sgd = new MomentumSgd([theta], new TabulatedSchedule(rates), c.GetProperty("momentum").GetDouble(),
            c.GetProperty("weight_decay").GetDouble());

        for (int t = 0; t < rates.Length; t++)
        {
            theta.grad?.zero_();
            using (Tensor g = tensor(Hex(c.GetProperty("grads")[t]), ScalarType.Float64).to_type(type))
            using (Tensor loss = theta.mul(g).sum())
                loss.backward(); // the gradient of Σ θ·g is g exactly
            sgd.Step(t);
            double[] expected = Hex(c.GetProperty("after")[t]);
            double[] actual = theta.detach().to_type(ScalarType.Float64).data<double>().ToArray();
            int differing = expected.Zip(actual).Count(p => p.First != p.Second);
            Assert.True(differing == 0, $"{type}, step {t}: {differing} of {expected.Length} entries differ from PyTorch's, " +
                $"first {expected.Zip(actual).FirstOrDefault(p => p.First != p.Second)}");
        }
    }

    [Theory]
    [InlineData("0x1.8000000000000p+1", 3.0)]
    [InlineData("-0x1.0000000000000p-2", -0.25)]
    [InlineData("0x0.0p+0", 0.0)]
    [InlineData("0x1.999999999999ap-4", 0.1)]
    public void Hex_floats_are_read_exactly(string text, double value) => Assert.Equal(value, ParseHex(text));

    static double[] Hex(JsonElement values) => values.EnumerateArray().Select(v => ParseHex(v.GetString()!)).ToArray();

    /// <summary>Python's float.hex(): [-]0xH.HHHp±E, read exactly (the mantissa has at most 53 bits).</summary>
    static double ParseHex(string text)
    {
        bool negative = text.StartsWith('-');
        string body = text.TrimStart('-')[2..];
        int p = body.IndexOf('p');
        string[] parts = body[..p].Split('.');
        string digits = parts[0] + (parts.Length > 1 ? parts[1] : "");
        int fractionDigits = parts.Length > 1 ? parts[1].Length : 0;
        ulong mantissa = ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int exponent = int.Parse(body[(p + 1)..], CultureInfo.InvariantCulture) - 4 * fractionDigits;
        double value = Math.ScaleB(mantissa, exponent);
        return negative ? -value : value;
    }
}
