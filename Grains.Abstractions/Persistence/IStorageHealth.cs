namespace Battleship.Grains.Persistence;

/// <summary>
/// What the silo's plumbing needs to know about the database behind the persistence ports. A
/// server-side port: silos register its implementation (<c>Battleship.Db</c>).
/// </summary>
public interface IStorageHealth
{
    /// <summary>
    /// Whether <paramref name="exception"/> says the database could not be reached or could not
    /// serve the request (as opposed to refusing it on a constraint): a fault that is not the
    /// caller's and that a retry a little later may cure.
    /// </summary>
    /// <param name="exception">What a call failed with.</param>
    /// <returns>True for an outage.</returns>
    bool IsOutage(Exception exception);

    /// <summary>Does the one-time work of the first database call (model, connection pool, query pipeline) ahead of time.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the database has answered once.</returns>
    Task WarmUpAsync(CancellationToken cancellationToken);
}
