using System.Globalization;
using Glassbox.Data;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// MovieLens 100K as matrix completion, fit on some ratings and judged on the held-out ones. The matrix is
/// items × users (1682 × 943), the shape the authors use, so the factors of a deep factorization are
/// 943 × 943 (the smaller side) and the last one 1682 × 943.
/// </summary>
public static class MovieLensProblem
{
    /// <summary>The standard split u{fold}.base / u{fold}.test of the ml-100k folder.</summary>
    public static CompletionProblem Standard(string folder, int fold = 1)
    {
        RatingsSplit split = MovieLensLoader.LoadSplit(folder, fold);
        return new CompletionProblem($"ml-100k-u{fold}", ToObservations(split.Train), Test: ToObservations(split.Test));
    }

    /// <summary>u.data split at random: a share <paramref name="testFraction"/> of the ratings held out, drawn with <paramref name="seed"/>.</summary>
    public static CompletionProblem RandomSplit(string folder, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The held-out share must be between 0 and 1 (exclusive).");
        Ratings all = MovieLensLoader.Load100K(folder);
        int[] order = Enumerable.Range(0, all.Rating.Length).ToArray();
        new Random(seed).Shuffle(order);
        int test = (int)Math.Round(order.Length * testFraction);
        Ratings Pick(IEnumerable<int> rows)
        {
            int[] r = rows.Order().ToArray();
            return all with { User = r.Select(i => all.User[i]).ToArray(), Item = r.Select(i => all.Item[i]).ToArray(), Rating = r.Select(i => all.Rating[i]).ToArray() };
        }
        return new CompletionProblem(string.Create(CultureInfo.InvariantCulture, $"ml-100k-random{testFraction:R}-s{seed}"), ToObservations(Pick(order.Skip(test))),
            Test: ToObservations(Pick(order.Take(test))));
    }

    static Observations ToObservations(Ratings r) => new(r.Items, r.Users, r.Item, r.User, r.Rating);
}
