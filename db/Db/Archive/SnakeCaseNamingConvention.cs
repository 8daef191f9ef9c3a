using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Battleship.Db.Archive;

/// <summary>
/// Names every column and constraint of the archive in snake_case, identically on every engine:
/// columns <c>display_name</c>, primary keys <c>pk_users</c>, foreign keys
/// <c>fk_agents_owner_user_id</c>, indexes <c>ix_users_issuer_subject</c>. Tables are named in the
/// model itself. Runs when the model is finalised, so it also names the indexes that EF Core's own
/// conventions add for foreign keys.
/// </summary>
internal sealed class SnakeCaseNamingConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            var table = entityType.GetTableName() ?? ToSnakeCase(entityType.ClrType.Name);
            foreach (var property in entityType.GetDeclaredProperties())
            {
                property.Builder.HasColumnName(ToSnakeCase(property.Name));
            }
            foreach (var key in entityType.GetDeclaredKeys())
            {
                key.Builder.HasName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{Columns(key.Properties)}");
            }
            foreach (var foreignKey in entityType.GetDeclaredForeignKeys())
            {
                foreignKey.Builder.HasConstraintName($"fk_{table}_{Columns(foreignKey.Properties)}");
            }
            foreach (var index in entityType.GetDeclaredIndexes())
            {
                index.Builder.HasDatabaseName($"ix_{table}_{Columns(index.Properties)}");
            }
        }
    }

    /// <summary><c>PlayerOneUserId</c> → <c>player_one_user_id</c>.</summary>
    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var startsWord =
                    i > 0
                    && (
                        char.IsLower(name[i - 1])
                        || char.IsDigit(name[i - 1])
                        || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))
                    );
                if (startsWord)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string Columns(IEnumerable<IReadOnlyProperty> properties) =>
        string.Join("_", properties.Select(p => ToSnakeCase(p.Name)));
}
