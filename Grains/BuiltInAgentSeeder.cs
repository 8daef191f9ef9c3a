using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Battleship.Grains;

/// <summary>
/// Defines every <see cref="BuiltInAgents"/> entry when the silo becomes active, so the built-in
/// agents exist (and are mirrored to the archive) before the silo takes requests. Defining is
/// idempotent: silos starting together, or again, change nothing. A failure stops the silo's
/// start-up rather than leaving it without its agents.
/// </summary>
/// <remarks>
/// The cluster may still be settling when a silo becomes active: one that restarts on its old
/// address can have a call rejected because the directory sent it to its own dead incarnation
/// (<see cref="OrleansMessageRejectionException"/>, seen in a load stack started a minute after
/// the previous one stopped), or time out while the silos agree on who is alive. Such failures are
/// retried, <see cref="MaxAttempts"/> times in all, a second or so apart, before the start-up fails.
/// </remarks>
public sealed partial class BuiltInAgentSeeder(IGrainFactory grains, ILogger<BuiltInAgentSeeder> logger, TimeProvider? time = null)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How many times the agents are defined before a failure of the cluster stops the start-up.</summary>
    internal const int MaxAttempts = 5;

    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
        .AddRetry(
            new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>().Handle<TimeoutException>(),
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = TimeSpan.FromSeconds(0.5),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    BuiltInAgentsRetrying(logger, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            }
        )
        .Build();

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(BuiltInAgentSeeder), ServiceLifecycleStage.Active, SeedAsync);
    }

    private Task SeedAsync(CancellationToken cancellationToken) =>
        DefineAllAsync((id, definition) => grains.GetGrain<IAgentGrain>(id).DefineAsync(definition), cancellationToken);

    /// <summary>Defines every built-in agent with <paramref name="define"/>, again after a failure of the cluster.</summary>
    internal async Task DefineAllAsync(Func<Guid, AgentDefinition, Task> define, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(
            async _ => await Task.WhenAll(BuiltInAgents.All.Select(agent => define(agent.Id, agent.Definition))),
            cancellationToken
        );
        BuiltInAgentsSeeded(logger, BuiltInAgents.All.Count);
    }

    [LoggerMessage(2210, LogLevel.Information, "{Count} built-in agents are defined")]
    private static partial void BuiltInAgentsSeeded(ILogger logger, int count);

    [LoggerMessage(2211, LogLevel.Warning, "Defining the built-in agents failed; attempt {Attempt} in {Delay}")]
    private static partial void BuiltInAgentsRetrying(ILogger logger, Exception? exception, int attempt, TimeSpan delay);
}
