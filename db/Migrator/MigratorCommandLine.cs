using System.CommandLine;
using Battleship.Db.Archive;
using Battleship.Db.Orleans;
using Battleship.Hosting;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;

namespace Battleship.Db.Migrator;

/// <summary>
/// <c>migrate [--to MIGRATION]</c> and <c>list</c>. The database comes from configuration only, with
/// the silo's keys: <c>Battleship:Database:Provider</c> and <c>Battleship:Database:ConnectionString</c>
/// (or <c>ConnectionStrings:battleship</c>), usually as environment variables.
/// </summary>
public static class MigratorCommandLine
{
    /// <summary>The root command.</summary>
    /// <param name="configuration">Where the database settings are read from.</param>
    /// <returns>The command line.</returns>
    public static RootCommand Build(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new RootCommand(
            "Battleship database migrator: the Orleans ADO.NET schema and the archive's EF Core migrations. "
                + "Database from Battleship__Database__Provider and Battleship__Database__ConnectionString."
        )
        {
            MigrateCommand(configuration),
            ListCommand(configuration),
        };
    }

    private static Command MigrateCommand(IConfiguration configuration)
    {
        var to = new Option<string?>("--to")
        {
            Description =
                "Take the archive up or down to this migration (name or id; \"0\" empties it). Default: the latest. "
                + "The Orleans schema is applied either way.",
        };
        var command = new Command(
            "migrate",
            "Create the database if missing, apply the Orleans schema (idempotent), then migrate the archive in order."
        )
        {
            to,
        };
        SetAction(
            command,
            configuration,
            async (parseResult, database, output, cancellationToken) =>
            {
                var target = parseResult.GetValue(to);
                if (await EnsureDatabaseAsync(database, cancellationToken))
                {
                    output.WriteLine("database: created");
                }

                var scripts = OrleansSchema.GetScripts(database.Provider);
                await OrleansSchema.ApplyAsync(database.Provider, database.ConnectionString, cancellationToken);
                output.WriteLine($"orleans schema ({database.Provider}): {string.Join(", ", scripts.Select(s => s.Name))} applied");

                var migrator = new ArchiveMigrator();
                var before = await AppliedAsync(migrator, database, cancellationToken);
                await migrator.MigrateAsync(database.Provider, database.ConnectionString, target, cancellationToken);
                var after = await migrator.ListMigrationsAsync(database.Provider, database.ConnectionString, cancellationToken);
                var applied = after.Where(m => m.Applied).ToList();
                output.WriteLine(
                    $"archive ({database.Provider}): {before} → {applied.Count} of {after.Count} migrations applied"
                        + (applied.Count > 0 ? $", at {applied[^1].Name}" : ", empty")
                );
            }
        );
        return command;
    }

    private static Command ListCommand(IConfiguration configuration)
    {
        var command = new Command("list", "List the archive's migrations, oldest first, and whether the database has each.");
        SetAction(
            command,
            configuration,
            async (_, database, output, cancellationToken) =>
            {
                var migrations = await new ArchiveMigrator().ListMigrationsAsync(
                    database.Provider,
                    database.ConnectionString,
                    cancellationToken
                );
                foreach (var migration in migrations)
                {
                    output.WriteLine($"{(migration.Applied ? "[x]" : "[ ]")} {migration.Id}");
                }
                output.WriteLine(
                    $"orleans schema ({database.Provider}, idempotent, applied by every migrate): "
                        + string.Join(", ", OrleansSchema.GetScripts(database.Provider).Select(s => s.Name))
                );
            }
        );
        return command;
    }

    /// <summary>
    /// Makes <paramref name="action"/> the command's action, run on the configured database and the
    /// command's output; a bad setting or a database error is reported on the error output as exit code 1.
    /// </summary>
    private static void SetAction(
        Command command,
        IConfiguration configuration,
        Func<ParseResult, DatabaseSettings, TextWriter, CancellationToken, Task> action
    ) =>
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                try
                {
                    var database = BattleshipSettings.ReadDatabase(configuration);
                    await action(parseResult, database, parseResult.InvocationConfiguration.Output, cancellationToken);
                    return 0;
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Data.Common.DbException)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"migrator: {e.Message}");
                    return 1;
                }
            }
        );

    private static async Task<int> AppliedAsync(ArchiveMigrator migrator, DatabaseSettings database, CancellationToken cancellationToken) =>
        (await migrator.ListMigrationsAsync(database.Provider, database.ConnectionString, cancellationToken)).Count(m => m.Applied);

    /// <summary>Creates the (empty) database when the server does not have it yet; returns whether it did.</summary>
    private static async Task<bool> EnsureDatabaseAsync(DatabaseSettings database, CancellationToken cancellationToken)
    {
        await using var context = ArchiveDatabase.CreateContext(database.Provider, database.ConnectionString);
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return false;
        }
        await creator.CreateAsync(cancellationToken);
        return true;
    }
}
