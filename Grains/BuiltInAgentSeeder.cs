using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// Defines every <see cref="BuiltInAgents"/> entry when the silo becomes active, so the built-in
/// agents exist (and are mirrored to the archive) before the silo takes requests. Defining is
/// idempotent: silos starting together, or again, change nothing. A failure stops the silo's
/// start-up rather than leaving it without its agents.
/// </summary>
public sealed partial class BuiltInAgentSeeder(IGrainFactory grains, ILogger<BuiltInAgentSeeder> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(BuiltInAgentSeeder), ServiceLifecycleStage.Active, SeedAsync);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(BuiltInAgents.All.Select(agent => grains.GetGrain<IAgentGrain>(agent.Id).DefineAsync(agent.Definition)));
        BuiltInAgentsSeeded(logger, BuiltInAgents.All.Count);
    }

    [LoggerMessage(2210, LogLevel.Information, "{Count} built-in agents are defined")]
    private static partial void BuiltInAgentsSeeded(ILogger logger, int count);
}
