namespace Battleship.Trainer.Dqn;

/// <summary>The exploration rate of epsilon-greedy self-play as a function of environment steps.</summary>
public sealed class EpsilonSchedule
{
    /// <summary>Straight line from start to end over the decay steps, then constant.</summary>
    public const string Linear = "linear";

    /// <summary>Geometric decay from start to end over the decay steps (same end point), then constant.</summary>
    public const string Exponential = "exponential";

    private readonly double _start;
    private readonly double _end;
    private readonly long _decaySteps;
    private readonly bool _exponential;

    /// <summary>Creates a schedule.</summary>
    /// <param name="start">Epsilon at step 0, in [0, 1].</param>
    /// <param name="end">Epsilon from <paramref name="decaySteps"/> on, in [0, 1].</param>
    /// <param name="decaySteps">Steps of the decay (0: always <paramref name="end"/>).</param>
    /// <param name="kind"><see cref="Linear"/> or <see cref="Exponential"/>.</param>
    public EpsilonSchedule(double start, double end, long decaySteps, string kind = Linear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(start, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(decaySteps);
        _exponential = kind switch
        {
            Linear => false,
            Exponential => true,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The schedule must be 'linear' or 'exponential'."),
        };
        (_start, _end, _decaySteps) = (start, end, decaySteps);
    }

    /// <summary>The schedule of a configuration.</summary>
    public static EpsilonSchedule From(DqnConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(config.EpsilonStart, config.EpsilonEnd, config.EpsilonDecaySteps, config.EpsilonSchedule);
    }

    /// <summary>Epsilon after <paramref name="step"/> environment steps.</summary>
    public double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step >= _decaySteps)
        {
            return _end;
        }
        var fraction = (double)step / _decaySteps;
        if (!_exponential || _start <= 0 || _end <= 0)
        {
            return _start + (fraction * (_end - _start));
        }
        return _start * Math.Pow(_end / _start, fraction);
    }
}
