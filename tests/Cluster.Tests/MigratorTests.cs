namespace Battleship.Cluster.Tests;

/// <summary>The built migrator as <c>make migrate</c> and <c>make migrate-down</c> run it.</summary>
public class MigratorTests
{
    [Fact]
    public async Task Migrate_TwiceOnAFreshDatabase_AppliesEverythingOnceAndThenNothing()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();

        var first = await MigratorProcess.RunAsync(database.ConnectionString, "migrate");
        var second = await MigratorProcess.RunAsync(database.ConnectionString, "migrate");
        var list = await MigratorProcess.RunAsync(database.ConnectionString, "list");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(
            "0001-main.sql, 0002-clustering.sql, 0003-persistence.sql, 0004-reminders.sql applied",
            first.Output,
            StringComparison.Ordinal
        );
        Assert.Contains("0 → 4 of 4 migrations applied, at RatingsLadderIndex", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("4 → 4 of 4 migrations applied", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(4, Lines(list.Output).Count(l => l.StartsWith("[x] ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MigrateTo_TakesTheArchiveDownStepByStepAndUpAgain()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        Assert.Equal(0, (await MigratorProcess.RunAsync(database.ConnectionString, "migrate")).ExitCode);

        var down = await MigratorProcess.RunAsync(database.ConnectionString, "migrate", "--to", "InitialArchive");
        var listDown = await MigratorProcess.RunAsync(database.ConnectionString, "list");
        var empty = await MigratorProcess.RunAsync(database.ConnectionString, "migrate", "--to", "0");
        var up = await MigratorProcess.RunAsync(database.ConnectionString, "migrate");

        Assert.Contains("4 → 1 of 4 migrations applied, at InitialArchive", down.Output, StringComparison.Ordinal);
        Assert.Equal(["[x]", "[ ]", "[ ]", "[ ]"], Lines(listDown.Output).Where(l => l.StartsWith('[')).Select(l => l[..3]));
        Assert.Contains("1 → 0 of 4 migrations applied, empty", empty.Output, StringComparison.Ordinal);
        Assert.Contains("0 → 4 of 4 migrations applied", up.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateTo_AnUnknownMigration_FailsAndNamesTheKnownOnes()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();

        var result = await MigratorProcess.RunAsync(database.ConnectionString, "migrate", "--to", "NoSuchMigration");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NoSuchMigration", result.Error, StringComparison.Ordinal);
        Assert.Contains("InitialArchive, RatingsAndTraining, MatchLog, RatingsLadderIndex", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WithoutAConnectionString_FailsWithAClearMessage()
    {
        var result = await MigratorProcess.RunAsync(null, "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Battleship__Database__ConnectionString", result.Error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
