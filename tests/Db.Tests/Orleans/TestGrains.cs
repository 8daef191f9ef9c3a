using System.Collections.Concurrent;

namespace Battleship.Db.Tests.Orleans;

/// <summary>A grain whose state goes through the ADO.NET grain storage under test.</summary>
[Alias("Battleship.Db.Tests.Orleans.ILogbookGrain")]
public interface ILogbookGrain : IGrainWithGuidKey
{
    [Alias("Read")]
    Task<LogbookView> Read();

    [Alias("Append")]
    Task Append(string entry);

    [Alias("Clear")]
    Task Clear();

    [Alias("Deactivate")]
    Task Deactivate();
}

/// <summary>What a <see cref="ILogbookGrain"/> reports about itself.</summary>
[GenerateSerializer, Immutable, Alias("Battleship.Db.Tests.Orleans.LogbookView")]
public sealed record LogbookView(
    [property: Id(0)] IReadOnlyList<string> Entries,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] Guid ActivationId
);

/// <summary>The persisted state of a <see cref="LogbookGrain"/> (System.Text.Json shapes it as JSON).</summary>
public sealed class LogbookState
{
    public List<string> Entries { get; set; } = [];

    public DateTimeOffset? LastWrite { get; set; }
}

/// <summary>Appends entries to its state and writes after each change.</summary>
public sealed class LogbookGrain([PersistentState("logbook", OrleansSiloFixture.StorageName)] IPersistentState<LogbookState> state)
    : Grain,
        ILogbookGrain
{
    // A new value per activation, so that a test can tell a reactivation from the same activation.
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<LogbookView> Read() =>
        Task.FromResult(new LogbookView([.. state.State.Entries], state.Etag, state.RecordExists, _activationId));

    public async Task Append(string entry)
    {
        state.State.Entries.Add(entry);
        state.State.LastWrite = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A grain that keeps reminders in the ADO.NET reminder table under test.</summary>
[Alias("Battleship.Db.Tests.Orleans.IAlarmGrain")]
public interface IAlarmGrain : IGrainWithStringKey
{
    [Alias("Arm")]
    Task Arm(string name, TimeSpan dueTime, TimeSpan period);

    [Alias("Armed")]
    Task<string[]> Armed();

    [Alias("Disarm")]
    Task Disarm(string name);
}

/// <summary>Registers, lists and removes reminders; each tick is reported to <see cref="AlarmSignals"/>.</summary>
public sealed class AlarmGrain : Grain, IAlarmGrain, IRemindable
{
    public Task Arm(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<string[]> Armed() => [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public async Task Disarm(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder '{name}'.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        AlarmSignals.Fire(this.GetPrimaryKeyString(), reminderName);
        return Task.CompletedTask;
    }
}

/// <summary>Lets a test await the first tick of a reminder (the silo runs in the test process).</summary>
public static class AlarmSignals
{
    private static readonly ConcurrentDictionary<(string Grain, string Reminder), TaskCompletionSource> Ticks = new();

    public static Task FirstTick(string grain, string reminder) => Get(grain, reminder).Task;

    public static void Fire(string grain, string reminder) => Get(grain, reminder).TrySetResult();

    private static TaskCompletionSource Get(string grain, string reminder) =>
        Ticks.GetOrAdd((grain, reminder), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
