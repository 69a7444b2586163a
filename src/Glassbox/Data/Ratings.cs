namespace Glassbox.Data;

/// <summary>
/// Observed entries of a users × items rating matrix. Ids are 0-based here (the files count from 1);
/// <paramref name="Users"/> and <paramref name="Items"/> are the matrix dimensions.
/// </summary>
public sealed record Ratings(int Users, int Items, int[] User, int[] Item, double[] Rating)
{
    public int Count => Rating.Length;
}

/// <summary>A standard training/test split, both parts on the same Users × Items matrix.</summary>
public sealed record RatingsSplit(Ratings Train, Ratings Test);
