using System.Threading.Channels;

namespace Battleship.Grains.Tests.Rooms;

/// <summary>A lobby observer that queues what it receives, for tests to await.</summary>
internal sealed class LobbyEvents : ILobbyObserver, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private ClusterFixture? _fixture;
    private ILobbyObserver? _reference;
    private readonly TaskCompletionSource _ending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the lobby said its activation is going away.</summary>
    public Task SubscriptionEnding => _ending.Task.WaitAsync(Patience);

    public static async Task<LobbyEvents> SubscribeAsync(ClusterFixture fixture)
    {
        var events = new LobbyEvents { _fixture = fixture };
        events._reference = fixture.Grains.CreateObjectReference<ILobbyObserver>(events);
        await fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key).SubscribeAsync(events._reference);
        return events;
    }

    public Task OnRoomChanged(RoomSummary room) => _events.Writer.WriteAsync(room).AsTask();

    public Task OnRoomRemoved(Guid roomId) => _events.Writer.WriteAsync(roomId).AsTask();

    public Task OnSubscriptionEnding()
    {
        _ending.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task<RoomSummary> NextChangeAsync(Guid roomId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if (await _events.Reader.ReadAsync(timeout.Token) is RoomSummary summary && summary.Id == roomId)
            {
                return summary;
            }
        }
    }

    public async Task RemovedAsync(Guid roomId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!(await _events.Reader.ReadAsync(timeout.Token) is Guid id && id == roomId)) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _fixture!.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key).UnsubscribeAsync(_reference!);
        _fixture.Grains.DeleteObjectReference<ILobbyObserver>(_reference!);
    }
}
