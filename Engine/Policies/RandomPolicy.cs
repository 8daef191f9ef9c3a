namespace Battleship.Engine.Policies;

/// <summary>Fires uniformly at random at a cell not fired at before (random without repeats).</summary>
public sealed class RandomPolicy : IShotPolicy
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public int SelectShot(in TargetView view, ref Rng rng) => PickUniform(view.Unshot, ref rng);

    /// <summary>A uniformly random cell of a non-empty <paramref name="cells"/>.</summary>
    internal static int PickUniform(UInt128 cells, ref Rng rng)
    {
        var count = Bitboard.Count(cells);
        if (count == 0)
        {
            throw new InvalidOperationException("There is no cell left to fire at.");
        }
        return Bitboard.Nth(cells, rng.NextInt(count));
    }
}
