namespace Battleship.Engine.Gym;

/// <summary>
/// One episode's state and the incremental update of its observation and mask; shared by
/// <see cref="BattleshipEnv"/> (which owns its buffers) and <see cref="VectorEnv"/> (which works on
/// slices of the caller's buffers). It allocates nothing after construction.
/// </summary>
internal sealed class EnvCore
{
    private readonly GameRules _rules;
    private readonly Ocean _ocean;
    private readonly UInt128[] _fleet;
    private readonly int _cells;
    private readonly int _maxSteps;
    private readonly float _miss;
    private readonly float _hit;
    private readonly float _sunk;
    private readonly float _win;
    private readonly float _invalid;
#if !BATTLESHIP_NO_TELEMETRY
    private Telemetry.EpisodeTelemetry? _telemetry; // null unless something listened when the episode started
#endif

    public EnvCore(GameRules rules, EnvOptions options)
    {
        _rules = rules;
        _ocean = new Ocean(rules);
        _fleet = new UInt128[rules.Fleet.Length];
        _cells = rules.Cells;
        _maxSteps = options.MaxSteps ?? rules.Cells;
        var rewards = options.Rewards;
        (_miss, _hit, _sunk, _win, _invalid) = (rewards.Miss, rewards.Hit, rewards.Sunk, rewards.Win, rewards.Invalid);
    }

    /// <summary>Whether the core has been reset at least once.</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the last step won the game.</summary>
    public bool Terminated { get; private set; }

    /// <summary>Whether the last step reached the step limit without winning.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Steps taken in this episode.</summary>
    public int Steps { get; private set; }

    /// <summary>The sum of this episode's rewards.</summary>
    public float Return { get; private set; }

    /// <summary>The step limit.</summary>
    public int MaxSteps => _maxSteps;

    /// <summary>Valid shots fired in this episode.</summary>
    public int Shots => _ocean.ShotCount;

    /// <summary>What the agent knows.</summary>
    public TargetView View => _ocean.View;

    /// <summary>The cells of the hidden fleet (see <see cref="VectorEnv.HiddenShips"/>).</summary>
    public UInt128 Ships => _ocean.Occupied;

    /// <summary>
    /// Starts an episode with a fleet drawn from <paramref name="rng"/> and writes its first
    /// observation and mask; <paramref name="episodeSeed"/> (the seed <paramref name="rng"/> was made
    /// from) is the episode's id in telemetry.
    /// </summary>
    public void Reset(ref Rng rng, Span<float> observation, Span<byte> mask, ulong episodeSeed)
    {
#if BATTLESHIP_NO_TELEMETRY
        _ = episodeSeed;
#else
        if (_telemetry is not null && Started && !Terminated && !Truncated)
        {
            _telemetry.Abandon(Steps);
        }
        var telemetry = _telemetry = Telemetry.EpisodeTelemetry.Begin(episodeSeed);
#endif
        FleetLayout.SampleMasks(_rules, ref rng, _fleet);
        _ocean.Reset(_fleet);
        Steps = 0;
        Return = 0f;
        Terminated = false;
        Truncated = false;
        Started = true;
        ObservationEncoder.EncodeFresh(_cells, observation, mask);
#if !BATTLESHIP_NO_TELEMETRY
        telemetry?.ResetDone();
#endif
    }

    /// <summary>
    /// Applies <paramref name="action"/>, updates only the observation and mask entries it changes,
    /// and returns the reward. The caller has checked that the episode is running.
    /// </summary>
    public float Step(
        int action,
        Span<float> observation,
        Span<byte> mask,
        out StepOutcome outcome,
        out MoveError error,
        out ShipType? sunkShip
    )
    {
#if !BATTLESHIP_NO_TELEMETRY
        var telemetry = _telemetry;
        var startedAt = telemetry is null ? 0 : telemetry.StepStarting();
#endif
        Steps++;
        sunkShip = null;
        error = _ocean.TryFire(action, out var shot);
        float reward;
        if (error != MoveError.None)
        {
            outcome = StepOutcome.Invalid;
            reward = _invalid;
        }
        else
        {
            var cells = _cells;
            observation[(ObservationEncoder.UnknownChannel * cells) + action] = 0f;
            mask[action] = 0;
            outcome = (StepOutcome)shot.Outcome;
            switch (shot.Outcome)
            {
                case ShotOutcome.Miss:
                    observation[(ObservationEncoder.MissChannel * cells) + action] = 1f;
                    reward = _miss;
                    break;
                case ShotOutcome.Hit:
                    observation[(ObservationEncoder.HitChannel * cells) + action] = 1f;
                    reward = _hit;
                    break;
                default:
                    sunkShip = shot.SunkShip;
                    MarkSunk(shot, observation);
                    if (shot.Outcome == ShotOutcome.Win)
                    {
                        Terminated = true;
                        reward = _win;
                    }
                    else
                    {
                        reward = _sunk;
                    }
                    break;
            }
        }
        Return += reward;
        Truncated = !Terminated && Steps >= _maxSteps;
#if !BATTLESHIP_NO_TELEMETRY
        telemetry?.StepDone(startedAt, outcome, reward, Terminated, Truncated, Steps);
#endif
        return reward;
    }

    /// <summary>Moves the sunk ship's cells from the hit to the sunk channel and clears its ship channel.</summary>
    private void MarkSunk(in ShotResult shot, Span<float> observation)
    {
        var cells = _cells;
        var hit = observation.Slice(ObservationEncoder.HitChannel * cells, cells);
        var sunk = observation.Slice(ObservationEncoder.SunkChannel * cells, cells);
        for (var rest = shot.SunkCells; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            var cell = Bitboard.First(rest);
            hit[cell] = 0f;
            sunk[cell] = 1f;
        }
        var ship = _rules.FleetIndexOf(shot.SunkShip.GetValueOrDefault());
        observation.Slice((ObservationEncoder.FirstShipChannel + ship) * cells, cells).Clear();
    }
}
