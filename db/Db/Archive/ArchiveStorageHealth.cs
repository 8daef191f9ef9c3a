using Battleship.Grains.Persistence;

namespace Battleship.Db.Archive;

/// <summary>The grains' <see cref="IStorageHealth"/> on the archive: outages as <see cref="ArchiveErrors.IsOutage"/> tells them, warm-up by one cheap read.</summary>
/// <param name="users">The store whose read warms the archive up.</param>
internal sealed class ArchiveStorageHealth(UserStore users) : IStorageHealth
{
    /// <inheritdoc />
    public bool IsOutage(Exception exception) => ArchiveErrors.IsOutage(exception);

    /// <inheritdoc />
    public Task WarmUpAsync(CancellationToken cancellationToken) => users.WarmUpAsync(cancellationToken);
}
