using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Battleship.Grains.Tests.Rooms;

/// <summary>
/// The lobby stores its index with one write in flight at a time: the reports that arrive while a
/// write is held up share the next write, and none is answered before a write that holds it. The
/// grain state is in PostgreSQL here, and the test holds a write up by locking the state table.
/// </summary>
public sealed class LobbyWriteTests : IAsyncLifetime
{
    private GameCluster? _game;

    private GameCluster Game => _game ?? throw new InvalidOperationException("Not started.");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _game = await GameCluster.StartAsync(durableState: true);

    public async ValueTask DisposeAsync()
    {
        if (_game is not null)
        {
            await _game.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReportsWhileAWriteIsHeldUp_ShareTheNextWrite_AndAreAnsweredOnlyOnceStored()
    {
        var lobby = Game.Cluster.Client.GetGrain<ILobbyGrain>(ILobbyGrain.Key + 7); // no room reports to it
        var gone = Room(1);
        await lobby.RoomChangedAsync(gone);
        var writesBefore = await WritesAsync(lobby);
        var first = Room(1);
        var others = Enumerable.Range(0, 20).Select(_ => Room(1)).ToList();

        Task firstReport;
        Task otherReports;
        await using (var held = await HoldWritesAsync())
        {
            firstReport = lobby.RoomChangedAsync(first);
            await UntilListedAsync(lobby, [first.Id]); // its write has started, and waits for the lock
            otherReports = Task.WhenAll([.. others.Select(lobby.RoomChangedAsync), lobby.RoomRemovedAsync(gone.Id)]);
            await UntilListedAsync(lobby, [.. others.Select(r => r.Id)], without: gone.Id);

            Assert.False(firstReport.IsCompleted, "answered before its write");
            Assert.False(otherReports.IsCompleted, "answered before their write");
        }
        await firstReport;
        await otherReports;

        Assert.Equal(writesBefore + 2, await WritesAsync(lobby));
        await Game.Cluster.DeactivateAsync(lobby);
        var stored = await lobby.ListRoomsAsync(new RoomQuery(PageSize: 100));
        Assert.Equal([.. others.Select(r => r.Id).Append(first.Id).Order()], stored.Items.Select(r => r.Id).Order().ToList());
    }

    [Fact]
    public async Task RepeatedReport_IsAnsweredOnlyOnceWhatItRepeatsIsStored()
    {
        var lobby = Game.Cluster.Client.GetGrain<ILobbyGrain>(ILobbyGrain.Key + 8);
        var room = Room(1);

        Task report;
        Task repeat;
        await using (var held = await HoldWritesAsync())
        {
            report = lobby.RoomChangedAsync(room);
            await UntilListedAsync(lobby, [room.Id]);
            repeat = lobby.RoomChangedAsync(room);
            await lobby.ListRoomsAsync(new RoomQuery()); // the repeat's turn has run: calls to the lobby are handled in order

            Assert.False(repeat.IsCompleted, "the repeat was answered before the report's write");
        }
        await report;
        await repeat;

        Assert.Equal(1, await WritesAsync(lobby));
    }

    private static RoomSummary Room(int version) =>
        new(Guid.NewGuid(), "room", "owner", RoomStatus.Open, 1, 0, false, ClusterFixture.Start, version, 30);

    /// <summary>Locks the grain state table until disposed (the transaction is rolled back): every write of grain state waits.</summary>
    private async Task<NpgsqlConnection> HoldWritesAsync()
    {
        var connection = new NpgsqlConnection(Game.Database.ConnectionString);
        await connection.OpenAsync(Cancellation);
        var transaction = await connection.BeginTransactionAsync(Cancellation);
        await using var command = new NpgsqlCommand("LOCK TABLE orleans_grain_state IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync(Cancellation);
        return connection;
    }

    /// <summary>Lists the lobby until it shows every one of <paramref name="rooms"/> (and not <paramref name="without"/>).</summary>
    private static async Task UntilListedAsync(ILobbyGrain lobby, IReadOnlyCollection<Guid> rooms, Guid? without = null)
    {
        while (true)
        {
            Cancellation.ThrowIfCancellationRequested();
            var listed = (await lobby.ListRoomsAsync(new RoomQuery(PageSize: 100))).Items.Select(r => r.Id).ToHashSet();
            if (rooms.All(listed.Contains) && (without is null || !listed.Contains(without.Value)))
            {
                return;
            }
        }
    }

    /// <summary>How many times the lobby's index has been written: its stored version (the ETag).</summary>
    private async Task<int> WritesAsync(ILobbyGrain lobby)
    {
        var silo = Game.Cluster.GetSiloServiceProvider(Game.Cluster.Primary!.SiloAddress);
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Rooms);
        var state = new GrainState<System.Text.Json.Nodes.JsonNode?>();
        await storage.ReadStateAsync("lobby", lobby.GetGrainId(), state);
        return state.ETag is null ? 0 : int.Parse(state.ETag, System.Globalization.CultureInfo.InvariantCulture);
    }
}
