using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Battleship.Db.Tests.Orleans;

/// <summary>Orleans' ADO.NET grain storage against this project's PostgreSQL scripts.</summary>
[Collection(SharedOrleansSilo.Name)]
public class GrainStorageTests(OrleansSiloFixture fixture)
{
    private const string StateName = "logbook";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_SurvivesDeactivation_AndIsReadBackByANewActivation()
    {
        var grain = fixture.Grains.GetGrain<ILogbookGrain>(Guid.NewGuid());
        await grain.Append("A1 miss");
        await grain.Append("B2 hit");
        var before = await grain.Read();

        await grain.Deactivate();
        var after = await ReadFromNewActivationAsync(grain, before.ActivationId);

        Assert.Equal(["A1 miss", "B2 hit"], after.Entries);
        Assert.True(after.RecordExists);
        Assert.Equal("2", after.ETag);
        Assert.Equal(before.ETag, after.ETag);
    }

    [Fact]
    public async Task State_IsStoredAsUtf8Json_WithTheETagAsVersion()
    {
        var key = Guid.NewGuid();
        var grain = fixture.Grains.GetGrain<ILogbookGrain>(key);
        await grain.Append("C3 sunk");

        var (version, json) = await ReadRowAsync(key);

        Assert.Equal(1, version);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("C3 sunk", document.RootElement.GetProperty("Entries")[0].GetString());
        Assert.True(document.RootElement.TryGetProperty("LastWrite", out _));
    }

    [Fact]
    public async Task Write_WithStaleETag_IsRejected_AndTheFirstWriteSurvives()
    {
        var storage = Storage(OrleansSiloFixture.StorageName);
        var grainId = fixture.Grains.GetGrain<ILogbookGrain>(Guid.NewGuid()).GetGrainId();
        var seed = State("seed");
        await storage.WriteStateAsync(StateName, grainId, seed, Ct);
        var first = await ReadAsync(storage, grainId);
        var second = await ReadAsync(storage, grainId);
        Assert.Equal(seed.ETag, first.ETag);
        Assert.Equal(seed.ETag, second.ETag);

        first.State!.Entries.Add("first");
        await storage.WriteStateAsync(StateName, grainId, first, Ct);
        second.State!.Entries.Add("second");
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second, Ct));

        var stored = await ReadAsync(storage, grainId);
        Assert.Equal(["seed", "first"], stored.State!.Entries);
        Assert.Equal(first.ETag, stored.ETag);
        Assert.NotEqual(seed.ETag, stored.ETag);
        Assert.Contains($"ETag={seed.ETag}", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstWrite_ByTwoWritersThatSawNoRow_RejectsTheSecond()
    {
        var storage = Storage(OrleansSiloFixture.StorageName);
        var grainId = fixture.Grains.GetGrain<ILogbookGrain>(Guid.NewGuid()).GetGrainId();
        var first = await ReadAsync(storage, grainId);
        var second = await ReadAsync(storage, grainId);
        Assert.Null(first.ETag);
        Assert.False(first.RecordExists);

        first.State!.Entries.Add("first");
        await storage.WriteStateAsync(StateName, grainId, first, Ct);
        second.State!.Entries.Add("second");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second, Ct));

        var stored = await ReadAsync(storage, grainId);
        Assert.Equal(["first"], stored.State!.Entries);
        Assert.Equal("1", stored.ETag);
    }

    [Fact]
    public async Task Clear_KeepsTheRowWithoutPayload_AndTheNextWriteContinuesFromIt()
    {
        var key = Guid.NewGuid();
        var grain = fixture.Grains.GetGrain<ILogbookGrain>(key);
        await grain.Append("D4 miss");

        await grain.Clear();
        var cleared = await grain.Read();
        await grain.Deactivate();
        var reread = await ReadFromNewActivationAsync(grain, cleared.ActivationId);

        Assert.Empty(cleared.Entries);
        Assert.False(cleared.RecordExists);
        Assert.Equal("2", cleared.ETag);
        Assert.Empty(reread.Entries);
        Assert.False(reread.RecordExists);
        Assert.Equal("2", reread.ETag);
        await grain.Append("E5 hit");
        Assert.Equal(["E5 hit"], (await grain.Read()).Entries);
        Assert.Equal(3, (await ReadRowAsync(key)).Version);
    }

    [Fact]
    public async Task Clear_WithStaleETag_IsRejected_AndKeepsTheState()
    {
        var storage = Storage(OrleansSiloFixture.StorageName);
        var grainId = fixture.Grains.GetGrain<ILogbookGrain>(Guid.NewGuid()).GetGrainId();
        await storage.WriteStateAsync(StateName, grainId, State("kept"), Ct);
        var stale = await ReadAsync(storage, grainId);
        var current = await ReadAsync(storage, grainId);
        current.State!.Entries.Add("newer");
        await storage.WriteStateAsync(StateName, grainId, current, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale, Ct));

        Assert.Equal(["kept", "newer"], (await ReadAsync(storage, grainId)).State!.Entries);
    }

    [Fact]
    public async Task Clear_WithDeleteStateOnClear_RemovesTheRow_AndAFreshWriteStartsOver()
    {
        var storage = Storage(OrleansSiloFixture.DeleteOnClearStorageName);
        var key = Guid.NewGuid();
        var grainId = fixture.Grains.GetGrain<ILogbookGrain>(key).GetGrainId();
        var state = State("gone soon");
        await storage.WriteStateAsync(StateName, grainId, state, Ct);

        await storage.ClearStateAsync(StateName, grainId, state, Ct);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0L, await CountRowsAsync(key));
        var again = State("again");
        await storage.WriteStateAsync(StateName, grainId, again, Ct);
        Assert.Equal("1", again.ETag);
    }

    [Fact]
    public async Task Keys_WithAndWithoutExtensions_AreDistinctRows()
    {
        var storage = Storage(OrleansSiloFixture.StorageName);
        var guid = Guid.NewGuid();
        var type = GrainType.Create("keys-test");
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "x")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "y")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "x")),
            GrainId.Create(type, $"player-{guid:N}"),
        ];

        foreach (var id in ids)
        {
            await storage.WriteStateAsync(StateName, id, State(id.ToString()), Ct);
        }

        foreach (var id in ids)
        {
            var stored = await ReadAsync(storage, id);
            Assert.Equal([id.ToString()], stored.State!.Entries);
            Assert.Equal("1", stored.ETag);
        }
    }

    private IGrainStorage Storage(string name) => fixture.Silo.Services.GetRequiredKeyedService<IGrainStorage>(name);

    private static GrainState<LogbookState> State(string entry) => new(new LogbookState { Entries = [entry] });

    private static async Task<GrainState<LogbookState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<LogbookState>(new LogbookState());
        await storage.ReadStateAsync(StateName, grainId, state, Ct);
        Assert.NotNull(state.State);
        return state;
    }

    // DeactivateOnIdle completes after the call that asked for it; a call that overtakes it would
    // still reach the old activation, so wait (bounded) until a new one answers.
    private static async Task<LogbookView> ReadFromNewActivationAsync(ILogbookGrain grain, Guid oldActivation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await grain.Read();
            if (view.ActivationId != oldActivation)
            {
                return view;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private async Task<(int Version, string Json)> ReadRowAsync(Guid key)
    {
        var (n0, n1) = Halves(key);
        return Assert.Single(
            await OrleansTables.QueryAsync(
                fixture.Database.ConnectionString,
                "SELECT version, state::text FROM orleans_grain_state_json WHERE state_name = @name AND grain_id_n0 = @n0 AND grain_id_n1 = @n1 AND grain_id_ext IS NULL",
                r => (r.GetInt32(0), r.IsDBNull(1) ? "null" : r.GetString(1)),
                ("name", StateName),
                ("n0", n0),
                ("n1", n1)
            )
        );
    }

    private async Task<long> CountRowsAsync(Guid key)
    {
        var (n0, n1) = Halves(key);
        return Assert.Single(
            await OrleansTables.QueryAsync(
                fixture.Database.ConnectionString,
                "SELECT count(*) FROM orleans_grain_state WHERE grain_id_n0 = @n0 AND grain_id_n1 = @n1",
                r => r.GetInt64(0),
                ("n0", n0),
                ("n1", n1)
            )
        );
    }

    // The provider stores a Guid key as the two little-endian halves of Guid.ToByteArray().
    private static (long N0, long N1) Halves(Guid key)
    {
        var bytes = key.ToByteArray();
        return (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8));
    }
}
