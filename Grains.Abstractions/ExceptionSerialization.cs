using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Battleship.Grains;

/// <summary>
/// Which exceptions cross between silos and clients as themselves. Orleans serializes an exception
/// only when its type's namespace is on a list (Microsoft, System, Orleans …); any other fails to
/// cross at all (<c>CodecNotFoundException</c>), and the caller learns nothing of what happened.
/// Npgsql's exceptions are added so that a database fault raised where Orleans itself calls the
/// database (reading a grain's state on activation, before any grain code runs) reaches the
/// gateway as the database fault it is, which the gateway answers as <c>Unavailable</c>.
/// (SQL Server's are in <c>Microsoft.Data.SqlClient</c>, already on the list.)
/// </summary>
public static class ExceptionSerialization
{
    /// <summary>The namespaces added to Orleans' list.</summary>
    public static IReadOnlyList<string> AddedNamespaces { get; } = ["Npgsql"];

    /// <summary>Adds <see cref="AddedNamespaces"/> (idempotent); silos and clients must both have it.</summary>
    /// <param name="services">A silo's or a client's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddBattleshipExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o =>
        {
            foreach (var prefix in AddedNamespaces.Where(p => !o.SupportedNamespacePrefixes.Contains(p)))
            {
                o.SupportedNamespacePrefixes.Add(prefix);
            }
        });
}
