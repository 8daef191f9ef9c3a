using Battleship.Grains.Models;

namespace Battleship.Db.Archive;

/// <summary>The archive's rooms (<c>rooms</c>): each room's latest snapshot.</summary>
/// <param name="writer">The archive's shared write helper.</param>
public sealed class RoomStore(ArchiveWriter writer)
{
    /// <summary>Inserts or updates a room's snapshot (by id).</summary>
    /// <param name="room">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the room was created.</returns>
    public Task<bool> UpsertRoomAsync(RoomSnapshot room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArchiveWriter.RequireText(room.Name, Limits.StoredNameMaxLength, nameof(room));
        return writer.UpsertAsync(db => db.Rooms, room.Id, room.CreatedAt, row => ArchiveModels.Write(room, row), cancellationToken);
    }
}
