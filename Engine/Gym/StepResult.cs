namespace Battleship.Engine.Gym;

/// <summary>What one environment step did. The first four values equal those of <see cref="ShotOutcome"/>.</summary>
public enum StepOutcome
{
    /// <summary>A valid shot into open water.</summary>
    Miss = ShotOutcome.Miss,

    /// <summary>A valid shot that hit a ship still afloat.</summary>
    Hit = ShotOutcome.Hit,

    /// <summary>A valid shot that sank a ship while others stay afloat.</summary>
    Sunk = ShotOutcome.Sunk,

    /// <summary>A valid shot that sank the last ship: the episode terminates.</summary>
    Win = ShotOutcome.Win,

    /// <summary>The action was off the board or a cell already fired at: nothing changed.</summary>
    Invalid,
}

/// <summary>Diagnostic information about one step (the Gym <c>info</c>).</summary>
/// <param name="Outcome">Miss, hit, sunk, win, or invalid.</param>
/// <param name="Error">Why the action was invalid (<see cref="MoveError.OutOfBounds"/> or <see cref="MoveError.AlreadyFired"/>), or <see cref="MoveError.None"/>.</param>
/// <param name="SunkShip">The ship this step sank, on <see cref="StepOutcome.Sunk"/> and <see cref="StepOutcome.Win"/>.</param>
/// <param name="ShotsFired">Valid shots fired in the episode so far, this one included.</param>
/// <param name="EpisodeSteps">Steps taken in the episode so far (valid or not), this one included.</param>
public readonly record struct StepInfo(StepOutcome Outcome, MoveError Error, ShipType? SunkShip, int ShotsFired, int EpisodeSteps)
{
    /// <summary>Whether the action was a legal shot.</summary>
    public bool IsValid => Outcome != StepOutcome.Invalid;
}

/// <summary>
/// The result of <see cref="BattleshipEnv.Step(int)"/>, apart from the observation, which the
/// environment keeps in <see cref="BattleshipEnv.Observation"/>.
/// </summary>
/// <param name="Reward">The reward of the step's outcome (<see cref="RewardConfig"/>).</param>
/// <param name="Terminated">Whether the step won the game (the episode ended inside the MDP).</param>
/// <param name="Truncated">Whether the step limit was reached without winning (never together with <paramref name="Terminated"/>).</param>
/// <param name="Info">What happened, for diagnostics.</param>
public readonly record struct StepResult(float Reward, bool Terminated, bool Truncated, StepInfo Info)
{
    /// <summary>Whether the episode is over (terminated or truncated): the next call must be a reset.</summary>
    public bool IsDone => Terminated || Truncated;
}

/// <summary>Statistics of a finished episode, as <see cref="VectorEnv"/> reports them.</summary>
/// <param name="Length">Steps taken, invalid ones included.</param>
/// <param name="Return">The sum of the episode's rewards.</param>
/// <param name="Shots">Valid shots fired; when <paramref name="Won"/> this is the number of shots needed to win.</param>
/// <param name="Won">Whether the episode ended by sinking the whole fleet (terminated) rather than by the step limit (truncated).</param>
public readonly record struct EpisodeStats(int Length, float Return, int Shots, bool Won);
