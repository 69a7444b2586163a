using Glassbox.Data;

namespace Glassbox.Tests.Data;

public class UciLoaderTests
{
    [Fact]
    public void Iris_has_150_rows_of_4_features_in_3_classes()
    {
        var iris = UciLoader.Load(TestData.Uci, "iris");

        Assert.Equal("iris", iris.Name);
        Assert.Equal((150, 4, 3), (iris.Rows, iris.Features, iris.Classes));
        Assert.Equal(600, iris.X.Length);
        Assert.Equal([-0.897674, 1.02861, -1.33679, -1.30859], iris.Row(0).ToArray());
        Assert.Equal([0.0684325, -0.12454, 0.760212, 0.787951], iris.Row(149).ToArray());
        Assert.Equal(0, iris.Y[0]);
        Assert.Equal(2, iris.Y[149]);
        Assert.Equal([50, 50, 50], iris.Y.CountBy(y => y).OrderBy(p => p.Key).Select(p => p.Value));
        Assert.False(iris.HasTestSet);
        Assert.Equal(0, iris.TestRows);
    }

    [Fact]
    public void Iris_index_files_are_0_based_disjoint_pairs_over_all_rows()
    {
        var iris = UciLoader.Load(TestData.UciSet("iris"));

        var selection = Assert.IsType<UciSplit>(iris.Selection);
        Assert.Equal((75, 75), (selection.Train.Length, selection.Test.Length));
        Assert.Equal([46, 21, 13], selection.Train[..3]);
        Assert.Equal(Enumerable.Range(0, 150), selection.Train.Concat(selection.Test).Order());

        Assert.NotNull(iris.Folds);
        Assert.Equal(4, iris.Folds.Count);
        foreach (var fold in iris.Folds)
            Assert.Equal(Enumerable.Range(0, 150), fold.Train.Concat(fold.Test).Order());
        Assert.Equal([41, 9, 34], iris.Folds[0].Train[..3]);
        // Not a 4-fold partition: four 113/37 splits whose test sets overlap and miss 45 rows.
        Assert.All(iris.Folds, f => Assert.Equal((113, 37), (f.Train.Length, f.Test.Length)));
        Assert.Equal(105, iris.Folds.SelectMany(f => f.Test).Distinct().Count());
    }

    [Fact]
    public void Adult_keeps_its_separate_test_file_and_indexes_the_training_file()
    {
        var adult = UciLoader.Load(TestData.Uci, "adult");

        Assert.Equal((32561, 16281, 14, 2), (adult.Rows, adult.TestRows, adult.Features, adult.Classes));
        Assert.True(adult.HasTestSet);
        Assert.Equal(16281 * 14, adult.TestX!.Length);
        Assert.Equal(0.0306701, adult.Row(0)[0]);
        Assert.Equal(-0.994099, adult.TestRow(0)[0]);
        Assert.Equal(32560, adult.Selection!.Train.Concat(adult.Selection.Test).Max());
        Assert.All(adult.Folds!, f => Assert.Equal(32561, f.Train.Length + f.Test.Length));
    }

    [Theory]
    [InlineData("connect-4")]
    [InlineData("miniboone")]
    [InlineData("musk-2")]
    public void A_set_without_its_data_file_reports_missing_data_file(string name)
    {
        var e = Assert.Throws<MissingDataFileException>(() => UciLoader.Load(TestData.Uci, name));

        Assert.EndsWith($"{name}_R.dat", e.File);
        Assert.Contains($"{name}.txt", e.Message);
    }

    [Fact]
    public void Catalog_lists_121_sets_and_the_ntk_paper_90()
    {
        var all = UciCatalog.ListDatasets(TestData.Uci);
        var ntk = UciCatalog.ReadNtk90(TestData.Uci);

        Assert.Equal(121, all.Count);
        Assert.Equal(90, ntk.Count);
        Assert.Equal("abalone", ntk[0]);
        Assert.Subset(all.ToHashSet(), ntk.ToHashSet());
        Assert.DoesNotContain("adult", ntk);
    }
}
