namespace Battleship.Grains;

/// <summary>
/// The clock of the game rules (turn deadlines, timestamps). A separate service rather than the
/// container's <see cref="TimeProvider"/>, so tests can drive it with a fake clock without also
/// faking the time of the Orleans runtime.
/// </summary>
public sealed class GameClock(TimeProvider time)
{
    /// <summary>The time source.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Now, in UTC.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
