using Battleship.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// Every call into a game grain that fails because the database is away (grain state, reminders,
/// the match log or the archive: <see cref="IStorageHealth.IsOutage"/>) fails as
/// <see cref="ErrorCode.Unavailable"/> instead, which the gateway answers as 503 with
/// <c>Retry-After</c> (REST) or the hub code <c>Unavailable</c>: the fault is not the caller's and a
/// retry may succeed. The fault is logged here, once, as an error, where its cause is known.
/// </summary>
/// <remarks>
/// Only the product's own grains are covered (their interfaces are in the <c>Battleship</c>
/// namespaces); Orleans' own calls keep their exceptions. A grain that has already turned a fault
/// into a <see cref="BattleshipException"/> is left alone.
/// </remarks>
/// <param name="storage">Tells an outage from other faults (none registered: nothing is an outage).</param>
/// <param name="logger">Where outages are logged.</param>
internal sealed partial class StorageFaultFilter(IEnumerable<IStorageHealth> storage, ILogger<StorageFaultFilter> logger)
    : IIncomingGrainCallFilter
{
    /// <summary>What the caller is told.</summary>
    internal const string Message = "The game's database is not reachable right now; try again shortly.";

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not BattleshipException && IsOurs(context) && storage.Any(s => s.IsOutage(e)))
        {
            DatabaseOutage(logger, e, context.InterfaceName, context.MethodName);
            throw new BattleshipException(ErrorCode.Unavailable, Message);
        }
    }

    private static bool IsOurs(IIncomingGrainCallContext context) =>
        context.InterfaceMethod?.DeclaringType?.Namespace?.StartsWith("Battleship.", StringComparison.Ordinal) == true;

    [LoggerMessage(2520, LogLevel.Error, "{Interface}.{Method} failed: the database is not reachable")]
    private static partial void DatabaseOutage(ILogger logger, Exception exception, string @interface, string method);
}
