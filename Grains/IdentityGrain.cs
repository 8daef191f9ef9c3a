using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;

namespace Battleship.Grains;

/// <summary>Maps an issuer/subject pair to the internal user; see <see cref="IIdentityGrain"/>.</summary>
public sealed class IdentityGrain(
    [PersistentState("identity", StorageNames.Users)] IPersistentState<IdentityState> state,
    IGameArchive archive
) : Grain, IIdentityGrain
{
    /// <inheritdoc />
    public async Task<ResolvedUser> ResolveAsync(UserIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (IIdentityGrain.KeyOf(identity.Issuer, identity.Subject) != this.GetPrimaryKeyString())
        {
            throw new BattleshipException(ErrorCode.Validation, "The identity does not belong to this key.");
        }
        if (state.State.UserId is { } known)
        {
            Telemetry.GrainTelemetry.UserResolved(created: false);
            return new ResolvedUser(known, Created: false);
        }
        var name = PrintableText.Require(identity.DisplayName, Limits.DisplayNameMaxLength, "A display name");
        var resolved = await archive.ResolveUserAsync(identity with { DisplayName = name });
        await GrainFactory.GetGrain<IUserGrain>(resolved.UserId).InitializeAsync(name);
        state.State.UserId = resolved.UserId;
        await state.WriteStateAsync();
        Telemetry.GrainTelemetry.UserResolved(resolved.Created);
        return resolved;
    }
}
