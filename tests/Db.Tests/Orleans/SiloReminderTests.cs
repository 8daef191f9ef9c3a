namespace Battleship.Db.Tests.Orleans;

/// <summary>Grain reminders kept by Orleans' ADO.NET reminder table in this project's PostgreSQL schema.</summary>
[Collection(SharedOrleansSilo.Name)]
public class SiloReminderTests(OrleansSiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reminder_IsRegisteredListedFiredAndUnregistered()
    {
        var key = $"alarm-{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<IAlarmGrain>(key);
        var firstTick = AlarmSignals.FirstTick(key, "turn-clock");

        await grain.Arm("turn-clock", dueTime: TimeSpan.FromMilliseconds(100), period: TimeSpan.FromSeconds(1));
        await grain.Arm("forfeit", dueTime: TimeSpan.FromHours(1), period: TimeSpan.FromHours(1));

        Assert.Equal(["forfeit", "turn-clock"], await grain.Armed());
        Assert.Equal(["forfeit", "turn-clock"], await StoredRemindersAsync(key));
        await firstTick.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        await grain.Disarm("turn-clock");

        Assert.Equal(["forfeit"], await grain.Armed());
        Assert.Equal(["forfeit"], await StoredRemindersAsync(key));
        await grain.Disarm("forfeit");
        Assert.Empty(await StoredRemindersAsync(key));
    }

    private Task<List<string>> StoredRemindersAsync(string grainKey) =>
        OrleansTables.QueryAsync(
            fixture.Database.ConnectionString,
            "SELECT reminder_name FROM orleans_reminder WHERE service_id = @service AND grain_id LIKE @grain ORDER BY reminder_name COLLATE \"C\"",
            r => r.GetString(0),
            ("service", fixture.ServiceId),
            ("grain", $"%/{grainKey}")
        );
}
