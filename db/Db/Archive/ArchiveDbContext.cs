using Battleship.Db.Archive.Entities;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Battleship.Db.Archive;

/// <summary>
/// The archive and read models: users, agents, rooms, finished matches with their moves, ratings
/// with their history, and training jobs. This class is the one model; each engine has a derived
/// context (<see cref="PostgreSqlArchiveDbContext"/>, <see cref="SqlServerArchiveDbContext"/>) that
/// only picks column types and collations, and owns that engine's migrations. Application code
/// goes through the stores (<see cref="UserStore"/>, <see cref="AgentStore"/>, <see cref="RoomStore"/>, <see cref="MatchStore"/>, <see cref="RatingStore"/>, <see cref="TrainingJobStore"/>, <see cref="MatchLogStore"/>); the context is public for migrations, tests and tools.
/// </summary>
public abstract class ArchiveDbContext : DbContext
{
    /// <summary>The table that records applied archive migrations (kept apart from any other tool's).</summary>
    public const string MigrationsHistoryTable = "__archive_migrations";

    /// <summary>Creates a context; the derived contexts pass their typed options.</summary>
    /// <param name="options">Options built by <see cref="ArchiveDatabase"/>.</param>
    protected ArchiveDbContext(DbContextOptions options)
        : base(options) { }

    /// <summary>The <c>users</c> table.</summary>
    public DbSet<UserRow> Users => Set<UserRow>();

    /// <summary>The <c>agents</c> table.</summary>
    public DbSet<AgentRow> Agents => Set<AgentRow>();

    /// <summary>The <c>rooms</c> table.</summary>
    public DbSet<RoomRow> Rooms => Set<RoomRow>();

    /// <summary>The <c>matches</c> table.</summary>
    public DbSet<MatchRow> Matches => Set<MatchRow>();

    /// <summary>The <c>match_log</c> table: every match's append-only log, the archive's record of its moves.</summary>
    public DbSet<MatchLogRow> MatchLog => Set<MatchLogRow>();

    /// <summary>The <c>ratings</c> table.</summary>
    public DbSet<RatingRow> Ratings => Set<RatingRow>();

    /// <summary>The <c>rating_history</c> table.</summary>
    public DbSet<RatingHistoryRow> RatingHistory => Set<RatingHistoryRow>();

    /// <summary>The <c>training_jobs</c> table.</summary>
    public DbSet<TrainingJobRow> TrainingJobs => Set<TrainingJobRow>();

    /// <summary>The engine's type for JSON text columns (<c>jsonb</c>), or null for its default string type.</summary>
    protected abstract string? JsonColumnType { get; }

    /// <summary>
    /// A collation that compares exactly, code point by code point, for identity columns; null when
    /// the engine's default already does (PostgreSQL's deterministic collations do; SQL Server's
    /// default is case-insensitive).
    /// </summary>
    protected abstract string? OrdinalCollation { get; }

    /// <summary>A check that <paramref name="column"/> holds valid JSON, or null when the column type already ensures it.</summary>
    /// <param name="column">The column's name.</param>
    protected abstract string? JsonCheck(string column);

    /// <summary>
    /// The participant's <c>ratings</c> row (or none), read with a row lock that the transaction holds
    /// until it ends: a second locking read of the same participant waits for it. Where the row is
    /// missing, the lock keeps another transaction from inserting it meanwhile if the engine can
    /// (SQL Server's key-range lock); on PostgreSQL the unique index makes the second insert fail.
    /// Engine-specific SQL, sent as written (compose nothing onto it).
    /// </summary>
    /// <param name="participant">The user or agent.</param>
    internal abstract IQueryable<RatingRow> RatingForUpdate(ParticipantRef participant);

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Conventions.Add(_ => new SnakeCaseNamingConvention());
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<UserRow>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).ValueGeneratedNever();
            Ordinal(user.Property(u => u.Issuer).HasMaxLength(ArchiveLimits.IssuerMaxLength));
            Ordinal(user.Property(u => u.Subject).HasMaxLength(ArchiveLimits.SubjectMaxLength));
            user.Property(u => u.DisplayName).HasMaxLength(Limits.StoredNameMaxLength);
            user.HasIndex(u => new { u.Issuer, u.Subject }).IsUnique();
        });

        modelBuilder.Entity<AgentRow>(agent =>
        {
            agent.ToTable("agents", t => t.HasCheckConstraint("ck_agents_kind", In("kind", Enum.GetNames<AgentKind>())));
            agent.HasKey(a => a.Id);
            agent.Property(a => a.Id).ValueGeneratedNever();
            Ordinal(agent.Property(a => a.Name).HasMaxLength(Limits.StoredNameMaxLength));
            agent.HasIndex(a => a.Name).IsUnique();
            agent.Property(a => a.Kind).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            agent.Property(a => a.Policy).HasMaxLength(ArchiveLimits.PolicyMaxLength);
            // Intended rule: SET NULL. Kept in the store (DeleteUserAsync), not in the database, because
            // SQL Server refuses a second cascade path from users (see docs/data-model.md).
            agent.HasOne<UserRow>().WithMany().HasForeignKey(a => a.OwnerUserId).OnDelete(DeleteBehavior.ClientSetNull);
        });

        modelBuilder.Entity<RoomRow>(room =>
        {
            room.ToTable(
                "rooms",
                t =>
                {
                    t.HasCheckConstraint("ck_rooms_status", In("status", Enum.GetNames<RoomStatus>()));
                    t.HasCheckConstraint(
                        "ck_rooms_closed_at",
                        "(status = 'Closed' AND closed_at IS NOT NULL) OR (status <> 'Closed' AND closed_at IS NULL)"
                    );
                }
            );
            room.HasKey(r => r.Id);
            room.Property(r => r.Id).ValueGeneratedNever();
            room.Property(r => r.Name).HasMaxLength(Limits.StoredNameMaxLength);
            room.Property(r => r.Status).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            room.HasOne<UserRow>().WithMany().HasForeignKey(r => r.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
            // Intended rule: SET NULL, kept in the store (DeleteAgentAsync); see docs/data-model.md.
            room.HasOne<AgentRow>().WithMany().HasForeignKey(r => r.AiAgentId).OnDelete(DeleteBehavior.ClientSetNull);
            room.HasIndex(r => new { r.Status, r.CreatedAt });
        });

        modelBuilder.Entity<MatchRow>(match =>
        {
            match.ToTable(
                "matches",
                t =>
                {
                    t.HasCheckConstraint("ck_matches_player_one", ExactlyOne("player_one_user_id", "player_one_agent_id"));
                    t.HasCheckConstraint("ck_matches_player_two", ExactlyOne("player_two_user_id", "player_two_agent_id"));
                    t.HasCheckConstraint("ck_matches_first_player", "first_player IN (0, 1)");
                    t.HasCheckConstraint(
                        "ck_matches_winner",
                        "(winner IS NOT NULL AND winner IN (0, 1)) OR (winner IS NULL AND end_reason = 'Abandoned')"
                    );
                    t.HasCheckConstraint("ck_matches_end_reason", In("end_reason", Enum.GetNames<EndReason>()));
                    t.HasCheckConstraint("ck_matches_move_count", "move_count >= 0");
                    t.HasCheckConstraint("ck_matches_finished_at", "finished_at >= started_at");
                    Json(t, "fleet_one");
                    Json(t, "fleet_two");
                }
            );
            match.HasKey(m => m.Id);
            match.Property(m => m.Id).ValueGeneratedNever();
            match.Property(m => m.Rules).HasMaxLength(ArchiveLimits.RulesMaxLength);
            match.Property(m => m.FleetOne).HasColumnType(JsonColumnType);
            match.Property(m => m.FleetTwo).HasColumnType(JsonColumnType);
            match.Property(m => m.EndReason).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            match.HasOne<RoomRow>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.SetNull);
            // A side is exactly one user or agent (checked), so these cannot be set to null: a user or
            // an agent that has played is kept while its matches are.
            match.HasOne<UserRow>().WithMany().HasForeignKey(m => m.PlayerOneUserId).OnDelete(DeleteBehavior.Restrict);
            match.HasOne<UserRow>().WithMany().HasForeignKey(m => m.PlayerTwoUserId).OnDelete(DeleteBehavior.Restrict);
            match.HasOne<AgentRow>().WithMany().HasForeignKey(m => m.PlayerOneAgentId).OnDelete(DeleteBehavior.Restrict);
            match.HasOne<AgentRow>().WithMany().HasForeignKey(m => m.PlayerTwoAgentId).OnDelete(DeleteBehavior.Restrict);
            // Match history of one participant, newest first; these also index the foreign keys.
            match.HasIndex(m => new { m.PlayerOneUserId, m.FinishedAt });
            match.HasIndex(m => new { m.PlayerTwoUserId, m.FinishedAt });
            match.HasIndex(m => new { m.PlayerOneAgentId, m.FinishedAt });
            match.HasIndex(m => new { m.PlayerTwoAgentId, m.FinishedAt });
            match.HasIndex(m => m.FinishedAt);
        });

        modelBuilder.Entity<MatchLogRow>(entry =>
        {
            entry.ToTable(
                "match_log",
                t =>
                {
                    t.HasCheckConstraint("ck_match_log_seq", "(kind = 'Setup' AND seq = 0) OR (kind <> 'Setup' AND seq >= 1)");
                    t.HasCheckConstraint(
                        "ck_match_log_player",
                        "(player IN (0, 1) AND kind IN ('Placement', 'Shot', 'Resign', 'Timeout'))"
                            + " OR (player IS NULL AND kind IN ('Setup', 'Chat', 'Completed'))"
                    );
                    t.HasCheckConstraint("ck_match_log_kind", In("kind", Enum.GetNames<MatchLogKind>()));
                    t.HasCheckConstraint("ck_match_log_outcome", In("outcome", Enum.GetNames<ShotOutcome>()));
                    t.HasCheckConstraint("ck_match_log_cell", $"cell BETWEEN 0 AND {ArchiveLimits.MaxCell}");
                    t.HasCheckConstraint(
                        "ck_match_log_shot",
                        "(kind = 'Shot' AND cell IS NOT NULL AND outcome IS NOT NULL) OR (kind <> 'Shot' AND cell IS NULL AND outcome IS NULL)"
                    );
                    t.HasCheckConstraint(
                        "ck_match_log_sunk_ship",
                        "(sunk_ship IS NULL AND (outcome IS NULL OR outcome IN ('Miss', 'Hit')))"
                            + " OR (sunk_ship IS NOT NULL AND outcome IS NOT NULL AND outcome IN ('Sunk', 'Win'))"
                    );
                    t.HasCheckConstraint(
                        "ck_match_log_data",
                        "(data IS NOT NULL AND kind IN ('Setup', 'Placement', 'Chat')) OR (data IS NULL AND kind NOT IN ('Setup', 'Placement', 'Chat'))"
                    );
                }
            );
            // The primary key is the log's version: one writer per position. No foreign key to
            // matches: a match is logged from its first move and archived (a matches row) at its end.
            entry.HasKey(e => new { e.MatchId, e.Seq });
            entry.Property(e => e.Seq).ValueGeneratedNever();
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            entry.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            entry.Property(e => e.SunkShip).HasMaxLength(ArchiveLimits.ShipNameMaxLength);
            entry.Property(e => e.Data).HasMaxLength(ArchiveLimits.LogDataMaxLength);
        });

        modelBuilder.Entity<RatingRow>(rating =>
        {
            rating.ToTable(
                "ratings",
                t =>
                {
                    t.HasCheckConstraint("ck_ratings_participant", ExactlyOne("user_id", "agent_id"));
                    t.HasCheckConstraint("ck_ratings_deviation", "deviation > 0");
                    t.HasCheckConstraint("ck_ratings_volatility", "volatility > 0");
                    t.HasCheckConstraint("ck_ratings_counts", "games >= 0 AND wins >= 0 AND losses >= 0 AND wins + losses <= games");
                }
            );
            rating.HasKey(r => r.Id);
            rating.Property(r => r.Id).ValueGeneratedNever();
            // One row per participant. (On SQL Server EF Core filters these unique indexes to
            // non-null values, which is what PostgreSQL's unique indexes do by nature.)
            rating.HasIndex(r => r.UserId).IsUnique();
            rating.HasIndex(r => r.AgentId).IsUnique();
            // The ladder's order (rating desc, deviation, id: total, so pages never overlap), read
            // along the index with no sort; see GetLadderAsync.
            rating
                .HasIndex(r => new
                {
                    r.Rating,
                    r.Deviation,
                    r.Id,
                })
                .IsDescending(true, false, false);
            rating.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            rating.HasOne(r => r.Agent).WithMany().HasForeignKey(r => r.AgentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RatingHistoryRow>(history =>
        {
            history.ToTable(
                "rating_history",
                t =>
                {
                    t.HasCheckConstraint("ck_rating_history_deviation", "deviation_before > 0 AND deviation_after > 0");
                    t.HasCheckConstraint("ck_rating_history_volatility", "volatility_before > 0 AND volatility_after > 0");
                }
            );
            history.HasKey(h => h.Id);
            history.Property(h => h.Id).ValueGeneratedOnAdd();
            // A match changes a rating at most once: archiving is idempotent down to this row.
            history.HasIndex(h => new { h.RatingId, h.MatchId }).IsUnique();
            history.HasIndex(h => new { h.RatingId, h.At });
            history.HasOne<RatingRow>().WithMany().HasForeignKey(h => h.RatingId).OnDelete(DeleteBehavior.Cascade);
            history.HasOne<MatchRow>().WithMany().HasForeignKey(h => h.MatchId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<TrainingJobRow>(job =>
        {
            job.ToTable(
                "training_jobs",
                t =>
                {
                    t.HasCheckConstraint("ck_training_jobs_status", In("status", Enum.GetNames<TrainingJobStatus>()));
                    Json(t, "config");
                    Json(t, "progress");
                }
            );
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).ValueGeneratedNever();
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(ArchiveLimits.EnumMaxLength);
            job.Property(j => j.Config).HasColumnType(JsonColumnType);
            job.Property(j => j.Progress).HasColumnType(JsonColumnType);
            job.Property(j => j.BestCheckpoint).HasMaxLength(ArchiveLimits.CheckpointMaxLength);
            job.HasOne<UserRow>().WithMany().HasForeignKey(j => j.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
            job.HasOne<AgentRow>().WithMany().HasForeignKey(j => j.AgentId).OnDelete(DeleteBehavior.SetNull);
            job.HasIndex(j => new { j.Status, j.CreatedAt });
        });
    }

    /// <summary>Portable SQL: <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    private static string In(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v}'"))})";

    /// <summary>Portable SQL: exactly one of two columns is set.</summary>
    private static string ExactlyOne(string first, string second) =>
        $"({first} IS NOT NULL AND {second} IS NULL) OR ({first} IS NULL AND {second} IS NOT NULL)";

    private void Ordinal(PropertyBuilder<string> property)
    {
        if (OrdinalCollation is { } collation)
        {
            property.UseCollation(collation);
        }
    }

    private void Json(TableBuilder table, string column)
    {
        if (JsonCheck(column) is { } check)
        {
            table.HasCheckConstraint($"ck_{table.Name}_{column}_json", check);
        }
    }
}
