namespace Battleship.Trainer.Dqn;

/// <summary>
/// Training stopped because the learner diverged: a non-finite (NaN or infinite) loss or gradient,
/// or a loss above <see cref="DqnConfig.DivergenceLoss"/>. The update that found it was not applied.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(long update, double loss, string reason)
        : base(
            $"Training diverged at learner update {update}: {reason} (loss {loss}). Lower the learning rate or the gradient clip norm, or resume from an earlier checkpoint."
        )
    {
        Update = update;
        Loss = loss;
    }

    /// <summary>Creates the exception (serialisation and tooling).</summary>
    public TrainingDivergedException()
        : base("Training diverged.") { }

    /// <summary>Creates the exception (serialisation and tooling).</summary>
    public TrainingDivergedException(string message)
        : base(message) { }

    /// <summary>Creates the exception (serialisation and tooling).</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException) { }

    /// <summary>The learner update (1-based) that diverged.</summary>
    public long Update { get; }

    /// <summary>The loss of that update (NaN when it was not finite).</summary>
    public double Loss { get; }
}
