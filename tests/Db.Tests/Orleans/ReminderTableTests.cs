using Battleship.Db.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// Orleans' own ADO.NET reminder table, resolved from its real registration and driven directly
/// against this project's PostgreSQL scripts, under a service id of its own.
/// </summary>
public sealed class ReminderTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, 250, DateTimeKind.Utc);
    private readonly string _serviceId = $"service-{Guid.NewGuid():N}";
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReminderTable Table => _services!.GetRequiredService<IReminderTable>();

    public async ValueTask InitializeAsync()
    {
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, Ct);
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = _serviceId);
        services.UseAdoNetReminderService(o =>
            o.Configure(options =>
            {
                options.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                options.ConnectionString = database.ConnectionString;
            })
        );
        _services = services.BuildServiceProvider();
        await Table.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Upsert_InsertsThenUpdates_MovingTheETagOn()
    {
        var grain = GrainId.Create("alarm", "upsert");

        var first = await Table.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(1)), Ct);
        var second = await Table.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(2)), Ct);

        Assert.NotEqual(first, second);
        var stored = await Table.ReadRow(grain, "clock", Ct);
        Assert.NotNull(stored);
        Assert.Equal(grain, stored.GrainId);
        Assert.Equal("clock", stored.ReminderName);
        Assert.Equal(Start, stored.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(2), stored.Period);
        Assert.Equal(second, stored.ETag);
    }

    [Fact]
    public async Task Period_LongerThanInt32Milliseconds_RoundTrips()
    {
        var grain = GrainId.Create("alarm", "long-period");
        var period = TimeSpan.FromDays(60);

        await Table.UpsertRow(Reminder(grain, "season", period), Ct);

        Assert.Equal(period, (await Table.ReadRow(grain, "season", Ct))!.Period);
    }

    [Fact]
    public async Task ReadRow_OfAnUnknownReminder_IsNull()
    {
        Assert.Null(await Table.ReadRow(GrainId.Create("alarm", "nobody"), "nothing", Ct));
    }

    [Fact]
    public async Task ReadRows_OfAGrain_ReturnsOnlyItsReminders()
    {
        var grain = GrainId.Create("alarm", "mine");
        await Table.UpsertRow(Reminder(grain, "a", TimeSpan.FromMinutes(1)), Ct);
        await Table.UpsertRow(Reminder(grain, "b", TimeSpan.FromMinutes(1)), Ct);
        await Table.UpsertRow(Reminder(GrainId.Create("alarm", "theirs"), "a", TimeSpan.FromMinutes(1)), Ct);

        var rows = await Table.ReadRows(grain, Ct);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RemoveRow_NeedsTheCurrentETag()
    {
        var grain = GrainId.Create("alarm", "remove");
        var stale = await Table.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(1)), Ct);
        var current = await Table.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(1)), Ct);

        Assert.False(await Table.RemoveRow(grain, "clock", stale!, Ct));
        Assert.NotNull(await Table.ReadRow(grain, "clock", Ct));
        Assert.True(await Table.RemoveRow(grain, "clock", current!, Ct));
        Assert.Null(await Table.ReadRow(grain, "clock", Ct));
        Assert.False(await Table.RemoveRow(grain, "clock", current!, Ct));
    }

    [Fact]
    public async Task ReadRows_OfARingRange_ReturnsTheGrainsWhoseHashIsInBeginExclusiveEndInclusive()
    {
        var grains = Enumerable.Range(0, 24).Select(i => GrainId.Create("alarm", $"ring-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await Table.UpsertRow(Reminder(grain, "ring", TimeSpan.FromMinutes(1)), Ct);
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        // Bounds on and between stored hashes, plain and wrapping past uint.MaxValue, plus the whole ring.
        (uint Begin, uint End)[] ranges =
        [
            (hashes[3], hashes[10]),
            (hashes[3] - 1, hashes[10]),
            (hashes[10], hashes[3]),
            (hashes[20], hashes[2] + 1),
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
            (0x7FFF_FFFF, 0x8000_0000),
            (0x8000_0000, 0x7FFF_FFFF),
            (hashes[5], hashes[5]),
        ];

        foreach (var (begin, end) in ranges)
        {
            var rows = await Table.ReadRows(begin, end, Ct);

            var expected = grains
                .Where(g => InRange(g.GetUniformHashCode(), begin, end))
                .Select(g => g.ToString())
                .Order(StringComparer.Ordinal);
            var actual = rows
                .Reminders.Where(r => r.ReminderName == "ring")
                .Select(r => r.GrainId.ToString())
                .Order(StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(actual), $"range ({begin:X8}, {end:X8}]");
        }
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesOnlyThisServicesReminders()
    {
        var grain = GrainId.Create("alarm", "clear");
        await Table.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(1)), Ct);
        await using var other = await OtherServiceTableAsync();
        var otherTable = other.GetRequiredService<IReminderTable>();
        await otherTable.UpsertRow(Reminder(grain, "clock", TimeSpan.FromMinutes(1)), Ct);

        await Table.TestOnlyClearTable(Ct);

        Assert.Null(await Table.ReadRow(grain, "clock", Ct));
        Assert.NotNull(await otherTable.ReadRow(grain, "clock", Ct));
    }

    // The contract: (begin, end] on the unsigned ring; when begin >= end the range wraps (begin = end is everything).
    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan period) =>
        new()
        {
            GrainId = grain,
            ReminderName = name,
            StartAt = Start,
            Period = period,
        };

    private async Task<ServiceProvider> OtherServiceTableAsync()
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = $"other-{Guid.NewGuid():N}");
        services.UseAdoNetReminderService(o =>
            o.Configure(options =>
            {
                options.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                options.ConnectionString = database.ConnectionString;
            })
        );
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IReminderTable>().StartAsync(Ct);
        return provider;
    }
}
