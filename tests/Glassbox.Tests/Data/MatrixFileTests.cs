using System.Buffers.Binary;
using System.Text;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

public sealed class MatrixFileTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Awkward values: signed zero, subnormal, extremes, and decimals with no short binary form.</summary>
    private static Matrix Sample()
    {
        var random = new Random(12345);
        double[] data = new double[7 * 5];
        for (int i = 0; i < data.Length; i++) data[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
        data[0] = -0.0;
        data[1] = double.Epsilon;
        data[2] = double.MaxValue;
        data[3] = double.MinValue;
        data[4] = 0.1;
        data[5] = 1.0 / 3;
        return new Matrix(7, 5, data);
    }

    private static void AssertBitExact(Matrix expected, Matrix actual)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        Assert.Equal(expected.Data.Select(BitConverter.DoubleToInt64Bits), actual.Data.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Csv_round_trips_bit_exact()
    {
        string path = _temp.File("m.csv");
        CsvMatrix.Write(path, Sample());

        AssertBitExact(Sample(), CsvMatrix.Read(path));
    }

    [Fact]
    public void Npy_round_trips_bit_exact_in_the_numpy_v1_layout()
    {
        string path = _temp.File("m.npy");
        NpyMatrix.Write(path, Sample());

        AssertBitExact(Sample(), NpyMatrix.Read(path));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0, (bytes.Length - 7 * 5 * 8) % 64); // data aligned as NumPy aligns it
        Assert.StartsWith("\u0093NUMPY\u0001\u0000", Encoding.Latin1.GetString(bytes, 0, 8));
        Assert.Contains("{'descr': '<f8', 'fortran_order': False, 'shape': (7, 5), }", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Writers_replace_the_target_and_leave_no_temporary_file()
    {
        string path = _temp.File("out.csv");
        File.WriteAllText(path, "old");

        CsvMatrix.Write(path, new Matrix(1, 2, [1, 2]));
        NpyMatrix.Write(_temp.File("out.npy"), new Matrix(1, 2, [1, 2]));

        Assert.Equal("1,2\n", File.ReadAllText(path));
        Assert.Equal(["out.csv", "out.npy"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Writers_refuse_non_finite_values_and_keep_the_old_file()
    {
        string path = _temp.File("out.npy");
        NpyMatrix.Write(path, new Matrix(1, 1, [1]));

        Assert.Throws<ArgumentException>(() => NpyMatrix.Write(path, new Matrix(1, 2, [1, double.NaN])));
        Assert.Equal([1.0], NpyMatrix.Read(path).Data);
    }

    [Fact]
    public void Csv_reads_blanks_crlf_a_byte_order_mark_and_no_final_newline()
    {
        string path = _temp.File("m.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("1, 2.5,-3e2\r\n4,5,6")]);

        var m = CsvMatrix.Read(path);

        Assert.Equal((2, 3), (m.Rows, m.Cols));
        Assert.Equal([1, 2.5, -300, 4, 5, 6], m.Data);
    }

    [Fact]
    public void A_ragged_csv_row_names_its_line()
    {
        string path = _temp.File("m.csv");
        File.WriteAllText(path, "1,2,3\n4,5,6\n7,8\n");

        var e = Assert.Throws<DataFormatException>(() => CsvMatrix.Read(path));

        Assert.Equal($"{path}: line 3: expected 3 comma-separated columns (as on line 1), found 2", e.Message);
    }

    [Fact]
    public void A_non_numeric_csv_cell_names_line_and_column()
    {
        string path = _temp.File("m.csv");
        File.WriteAllText(path, "1,2,3\n4,x5,6\n");

        Assert.Equal("line 2, column 2", Assert.Throws<DataFormatException>(() => CsvMatrix.Read(path)).Location);
    }

    [Fact]
    public void Npy_reads_float32_version_2_and_1_d_as_a_column()
    {
        string path = WriteNpy("v.npy", 2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
            [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), .. BitConverter.GetBytes(0.1f)]);

        var m = NpyMatrix.Read(path);

        Assert.Equal((3, 1), (m.Rows, m.Cols));
        Assert.Equal([1.5, -2, (double)0.1f], m.Data);
    }

    [Theory]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", "expected dtype '<f8' or '<f4' (little-endian float64 or float32), found '<i8'")]
    [InlineData("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 1), }", "found '>f8'")]
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }", "expected fortran_order False (C order), found True")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }", "expected a 1-D or 2-D shape, found (1, 1, 2)")]
    [InlineData("{'descr': '<f8', 'shape': (2, 1), }", "expected a 'fortran_order' key in the header dict, found none")]
    public void Unsupported_npy_headers_are_refused_with_the_reason(string header, string message)
    {
        string path = WriteNpy("bad.npy", 1, header, new byte[16]);

        var e = Assert.Throws<DataFormatException>(() => NpyMatrix.Read(path));

        Assert.Contains(message, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void A_truncated_npy_gives_the_byte_offset()
    {
        string path = WriteNpy("short.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new byte[20]);

        var e = Assert.Throws<DataFormatException>(() => NpyMatrix.Read(path));

        Assert.Equal("byte offset 148", e.Location); // 128-byte header + 20 bytes
        Assert.Contains("expected 32 bytes of data (4 elements) after the header", e.Message);
    }

    private string WriteNpy(string name, byte major, string dict, byte[] data)
    {
        int prefix = major == 1 ? 10 : 12;
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64; // as NumPy aligns the data
        string header = dict.PadRight(padded - prefix - 1) + "\n";
        List<byte> bytes = [0x93, .. "NUMPY"u8.ToArray(), major, 0];
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        string path = _temp.File(name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }
}
