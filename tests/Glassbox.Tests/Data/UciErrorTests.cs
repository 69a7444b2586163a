using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>Each kind of damage to a copy of iris gives one clear error naming the file and the place.</summary>
public sealed class UciErrorTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _folder;

    public UciErrorTests() => _folder = _temp.Copy(TestData.UciSet("iris"));

    public void Dispose() => _temp.Dispose();

    private string Data => Path.Combine(_folder, "iris_R.dat");

    private string Meta => Path.Combine(_folder, "iris.txt");

    private string Folds => Path.Combine(_folder, "conxuntos_kfold.dat");

    private string Selection => Path.Combine(_folder, "conxuntos.dat");

    private DataFormatException LoadFails() => Assert.ThrowsAny<DataFormatException>(() => UciLoader.Load(_folder));

    [Fact]
    public void The_untouched_copy_loads()
    {
        Assert.Equal(150, UciLoader.Load(_folder).Rows);
    }

    [Fact]
    public void A_letter_in_a_numeric_cell_names_file_line_and_column()
    {
        TextEdit.Cell(Data, line: 7, column: 3, "1.2x");

        var e = LoadFails();

        Assert.Equal(Data, e.File);
        Assert.Equal("line 7, column 3", e.Location);
        Assert.Equal($"{Data}: line 7, column 3: expected a finite number, found '1.2x'", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("1e999")]
    [InlineData("")]
    [InlineData(" 1.5")]
    public void Non_finite_empty_or_padded_cells_are_refused(string cell)
    {
        TextEdit.Cell(Data, line: 4, column: 2, cell);

        Assert.Equal("line 4, column 2", LoadFails().Location);
    }

    [Fact]
    public void A_row_with_a_missing_column_is_refused()
    {
        TextEdit.Line(Data, 5, line => line[..line.LastIndexOf('\t')]);

        var e = LoadFails();

        Assert.Equal("line 5", e.Location);
        Assert.Contains("expected 6 tab-separated columns (row index, 4 features, class), found 5", e.Message);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_class_outside_0_to_n_clases_or_not_an_integer_is_refused(string label)
    {
        TextEdit.Cell(Data, line: 10, column: 6, label);

        var e = LoadFails();

        Assert.Equal("line 10, column 6", e.Location);
        Assert.Contains($"expected an integer class in [0, 3) (n_clases in iris.txt), found '{label}'", e.Message);
    }

    [Fact]
    public void A_wrong_row_index_is_refused()
    {
        TextEdit.Cell(Data, line: 3, column: 1, "7");

        Assert.Contains("line 3, column 1: expected row index 2, found '7'", LoadFails().Message);
    }

    [Fact]
    public void Fewer_rows_than_n_patrons1_is_refused()
    {
        TextEdit.Lines(Data, lines => lines.Take(149));

        var e = LoadFails();

        Assert.Equal(Data, e.File);
        Assert.Contains("expected 150 data rows (n_patrons1 in iris.txt), found 148", e.Message);
    }

    [Fact]
    public void More_rows_than_n_patrons1_is_refused_at_the_first_extra_line()
    {
        TextEdit.Line(Meta, 5, _ => "n_patrons1= 149");

        var e = LoadFails();

        Assert.Equal("line 151", e.Location);
        Assert.Contains("expected 149 data rows (n_patrons1 in iris.txt), found 150", e.Message);
    }

    [Fact]
    public void A_missing_metadata_key_is_refused()
    {
        TextEdit.Lines(Meta, lines => lines.Where(l => !l.StartsWith("n_clases", StringComparison.Ordinal)));

        var e = LoadFails();

        Assert.Equal(Meta, e.File);
        Assert.Contains("expected a line 'n_clases= <integer>', found none", e.Message);
    }

    [Fact]
    public void A_fold_index_out_of_range_is_refused()
    {
        TextEdit.Line(Folds, 3, line => line + " 150");

        var e = LoadFails();

        Assert.Equal(Folds, e.File);
        Assert.StartsWith("line 3, entry ", e.Location);
        Assert.Contains("expected a row index in [0, 150) (rows of the data file), found '150'", e.Message);
    }

    [Fact]
    public void A_fold_index_repeated_within_a_line_is_refused()
    {
        TextEdit.Line(Folds, 4, line => line.Split(' ')[0] + " " + line);

        var e = LoadFails();

        Assert.Equal("line 4, entry 2", e.Location);
        Assert.Contains("expected each row index once per line", e.Message);
    }

    [Fact]
    public void A_selection_index_in_both_train_and_validation_is_refused()
    {
        TextEdit.Line(Selection, 2, line => "46 " + line);

        var e = LoadFails();

        Assert.Equal(Selection, e.File);
        Assert.Contains("line 2, entry 1: expected row indices disjoint from line 1, found 46, also entry 1 of line 1", e.Message);
    }

    [Fact]
    public void A_fold_file_without_8_lines_is_refused()
    {
        TextEdit.Lines(Folds, lines => lines.Take(7));

        Assert.Contains("expected 8 lines, found 7", LoadFails().Message);
    }

    [Fact]
    public void A_missing_data_file_is_its_own_error()
    {
        File.Delete(Data);

        var e = Assert.Throws<MissingDataFileException>(() => UciLoader.Load(_folder));

        Assert.Equal(Data, e.File);
        Assert.Contains("fich1 of iris.txt", e.Message);
    }
}
