namespace Battleship.Grains;

/// <summary>
/// The ladder's scheduler: when enabled, starts agent-vs-agent games on a reminder. A singleton:
/// use key <see cref="Key"/>. It holds no ratings: a match end rates both players in the archive
/// (the <c>ratings</c> table), and the ranking and a participant's rating are read from there.
/// </summary>
[Alias("battleship.ladder-grain")]
public interface ILadderGrain : IGrainWithIntegerKey
{
    /// <summary>The one ladder's key.</summary>
    const long Key = 0;

    /// <summary>Activates the ladder, which registers its scheduled-game reminder when scheduled games are on.</summary>
    [Alias("wake")]
    Task WakeAsync();
}
