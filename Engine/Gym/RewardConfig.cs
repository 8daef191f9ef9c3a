namespace Battleship.Engine.Gym;

/// <summary>
/// The reward paid for each kind of step. A step pays exactly the value of its outcome: the shot
/// that sinks the last ship pays <see cref="Win"/> (not <see cref="Sunk"/> plus <see cref="Win"/>),
/// and an invalid action pays <see cref="Invalid"/>.
/// </summary>
/// <remarks>Every value must be finite: setting NaN or an infinity throws <see cref="ArgumentOutOfRangeException"/>.</remarks>
public sealed record RewardConfig
{
    /// <summary>The defaults: miss -0.1, hit 1, sunk 1, win 1, invalid -1.</summary>
    public static RewardConfig Default { get; } = new();

    /// <summary>Paid for a shot into open water. Default -0.1.</summary>
    public float Miss
    {
        get;
        init => field = Finite(value);
    } = -0.1f;

    /// <summary>Paid for a shot that hits a ship without sinking it. Default 1.</summary>
    public float Hit
    {
        get;
        init => field = Finite(value);
    } = 1f;

    /// <summary>Paid for a shot that sinks a ship while others stay afloat. Default 1.</summary>
    public float Sunk
    {
        get;
        init => field = Finite(value);
    } = 1f;

    /// <summary>Paid for the shot that sinks the last ship afloat. Default 1.</summary>
    public float Win
    {
        get;
        init => field = Finite(value);
    } = 1f;

    /// <summary>Paid for an invalid action (off the board, or a cell already fired at). Default -1.</summary>
    public float Invalid
    {
        get;
        init => field = Finite(value);
    } = -1f;

    /// <summary>The reward of a step whose outcome is <paramref name="outcome"/>.</summary>
    public float For(StepOutcome outcome) =>
        outcome switch
        {
            StepOutcome.Miss => Miss,
            StepOutcome.Hit => Hit,
            StepOutcome.Sunk => Sunk,
            StepOutcome.Win => Win,
            StepOutcome.Invalid => Invalid,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown step outcome."),
        };

    private static float Finite(float value) =>
        float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A reward must be a finite number.");
}

/// <summary>Options shared by <see cref="BattleshipEnv"/> and <see cref="VectorEnv"/>.</summary>
public sealed record EnvOptions
{
    /// <summary>The defaults: <see cref="RewardConfig.Default"/> and a step limit of one step per cell.</summary>
    public static EnvOptions Default { get; } = new();

    /// <summary>The reward of each kind of step.</summary>
    public RewardConfig Rewards
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    } = RewardConfig.Default;

    /// <summary>
    /// The number of steps (valid or not) after which an episode that has not been won is truncated;
    /// <see langword="null"/> (the default) means <see cref="GameRules.Cells"/>, which an agent that
    /// only plays legal actions never reaches without winning. At least 1.
    /// </summary>
    public int? MaxSteps
    {
        get;
        init =>
            field = value is < 1
                ? throw new ArgumentOutOfRangeException(nameof(value), value, "The step limit must be at least 1.")
                : value;
    }
}
