using Battleship.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// SignalR's own in-memory lifetime manager for <c>/hubs/match</c>, except that a test can hold the
/// next addition of a connection to a group (the moment between a join's answer from the grain and
/// the connection joining its groups, which no timing in a test reaches on purpose otherwise) and
/// await the next message sent to a group.
/// </summary>
internal sealed class GatedGroups(ILogger<DefaultHubLifetimeManager<MatchHub>> logger) : DefaultHubLifetimeManager<MatchHub>(logger)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _reached;
    private TaskCompletionSource _release = new();
    private (string Method, TaskCompletionSource Sent)? _awaited;

    /// <summary>Puts this manager in place of the default one.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<GatedGroups>();
        services.AddSingleton<HubLifetimeManager<MatchHub>>(s => s.GetRequiredService<GatedGroups>());
    }

    /// <summary>Holds the next <see cref="AddToGroupAsync"/> until <see cref="Release"/>; the task completes when a join reaches it.</summary>
    public Task HoldNext()
    {
        lock (_lock)
        {
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task;
        }
    }

    /// <summary>Lets the held addition go on.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _release.TrySetResult();
        }
    }

    /// <summary>Completes once the next <paramref name="method"/> message has been sent to a group.</summary>
    public Task NextGroupSend(string method)
    {
        lock (_lock)
        {
            _awaited = (method, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            return _awaited.Value.Sent.Task;
        }
    }

    public override async Task SendGroupAsync(
        string groupName,
        string methodName,
        object?[] args,
        CancellationToken cancellationToken = default
    )
    {
        await base.SendGroupAsync(groupName, methodName, args, cancellationToken);
        lock (_lock)
        {
            if (_awaited is { } awaited && awaited.Method == methodName)
            {
                _awaited = null;
                awaited.Sent.TrySetResult();
            }
        }
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? reached;
        Task release;
        lock (_lock)
        {
            (reached, _reached, release) = (_reached, null, _release.Task);
        }
        if (reached is not null)
        {
            reached.TrySetResult();
            await release.WaitAsync(cancellationToken);
        }
        await base.AddToGroupAsync(connectionId, groupName, cancellationToken);
    }
}
