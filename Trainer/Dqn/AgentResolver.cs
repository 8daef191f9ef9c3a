using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Agents by command-line name: a baseline (<c>random</c>, <c>hunt</c>, <c>parity</c>, ...,
/// <c>density</c>), <c>dqn</c> (the shipped agent, <see cref="BuiltInCheckpoint"/>) or
/// <c>dqn:&lt;checkpoint directory&gt;</c>.
/// </summary>
public static class AgentResolver
{
    /// <summary>The prefix of a DQN checkpoint agent.</summary>
    public const string DqnPrefix = "dqn:";

    /// <summary>The shipped agent's folder, relative to the application directory.</summary>
    public const string BuiltInFolder = "Agents/dqn-default";

    /// <summary>The shipped DQN agent's checkpoint directory (copied beside the trainer's binaries).</summary>
    public static string BuiltInCheckpoint => Path.Combine(AppContext.BaseDirectory, BuiltInFolder);

    /// <summary>Why <paramref name="name"/> is not an agent, or null when it is one.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ShotPolicies.Find(name) is not null)
        {
            return null;
        }
        if (CheckpointOf(name) is { } path)
        {
            return Directory.Exists(path) || File.Exists(path) ? null : $"No DQN checkpoint at '{path}'.";
        }
        return $"Unknown agent '{name}': use one of {string.Join(", ", ShotPolicies.All.Select(p => p.Name))}, dqn or dqn:<checkpoint directory>.";
    }

    /// <summary>Evaluates the agent called <paramref name="name"/> on <paramref name="games"/> games of <paramref name="seed"/> (the fleets of <see cref="PolicyEvaluator"/>).</summary>
    public static EvaluationReport Evaluate(string name, int games, ulong seed, int threads, CancellationToken cancellationToken) =>
        Evaluate(name, games, seed, threads, posterior: null, cancellationToken);

    /// <summary>
    /// Evaluates the agent called <paramref name="name"/> on <paramref name="games"/> games of
    /// <paramref name="seed"/>; a baseline's decisions are timed (<see cref="EvaluationReport.DecisionTimes"/>).
    /// <paramref name="posterior"/>, when given, plays instead of the built-in <c>posterior</c> (other budgets).
    /// </summary>
    public static EvaluationReport Evaluate(
        string name,
        int games,
        ulong seed,
        int threads,
        PosteriorPolicy? posterior,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ShotPolicies.Find(name) is { } builtIn)
        {
            var policy = posterior is not null && builtIn.Name == posterior.Name ? posterior : builtIn;
            return PolicyEvaluator.Evaluate(GameRules.Standard, () => policy, games, seed, timeDecisions: true, threads, cancellationToken);
        }
        var path = CheckpointOf(name) ?? throw new ArgumentException(Problem(name), nameof(name));
        // One torch thread: on a busy 2-core machine two threads were several times slower (docs/rl.md).
        TorchSharp.torch.set_num_threads(1);
        using var dqn = DqnPolicy.Load(path, name);
        return dqn.Evaluate(games, seed, cancellationToken: cancellationToken);
    }

    private static string? CheckpointOf(string name) =>
        string.Equals(name, "dqn", StringComparison.OrdinalIgnoreCase) ? BuiltInCheckpoint
        : name.StartsWith(DqnPrefix, StringComparison.OrdinalIgnoreCase) ? name[DqnPrefix.Length..]
        : null;
}
