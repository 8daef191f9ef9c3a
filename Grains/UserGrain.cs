using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;

namespace Battleship.Grains;

/// <summary>A user's live profile (name, matches in progress); see <see cref="IUserGrain"/>. The user's record is the archive's.</summary>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    IGameArchive archive,
    GameClock clock
) : Grain, IUserGrain
{
    /// <inheritdoc />
    public async Task InitializeAsync(string displayName)
    {
        if (state.State.Created)
        {
            return;
        }
        state.State.Created = true;
        state.State.DisplayName = PrintableText.Require(displayName, Limits.DisplayNameMaxLength, "A display name");
        state.State.CreatedAt = clock.UtcNow;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<UserProfile> GetProfileAsync() => Task.FromResult(ToProfile());

    /// <inheritdoc />
    public async Task<UserProfile> SetDisplayNameAsync(string displayName)
    {
        var name = PrintableText.Require(displayName, Limits.DisplayNameMaxLength, "A display name");
        _ = ToProfile(); // NotFound for an unknown user
        if (name != state.State.DisplayName)
        {
            await archive.UpdateDisplayNameAsync(this.GetPrimaryKey(), name);
            state.State.DisplayName = name;
            await state.WriteStateAsync();
        }
        return ToProfile();
    }

    /// <inheritdoc />
    public async Task MatchStartedAsync(Guid matchId)
    {
        if (!state.State.ActiveMatches.Contains(matchId))
        {
            state.State.ActiveMatches.Add(matchId);
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task MatchEndedAsync(Guid matchId)
    {
        if (state.State.ActiveMatches.Remove(matchId))
        {
            await state.WriteStateAsync();
        }
    }

    private UserProfile ToProfile()
    {
        var s = state.State;
        return s.Created
            ? new UserProfile(this.GetPrimaryKey(), s.DisplayName, s.CreatedAt, [.. s.ActiveMatches])
            : throw new BattleshipException(ErrorCode.NotFound, "No such user.");
    }
}
