namespace Battleship.Load.Gateway;

// The parts of the gateway's JSON contract that the load generator reads (docs/api.md,
// docs/realtime.md), declared here as a browser client declares its own types: the generator
// depends on the wire, not on the server's assemblies. Unknown members are ignored.

/// <summary>A shot as the gateway reports it.</summary>
public sealed record ShotDto(int TurnNumber, int Player, int Cell, string Outcome);

/// <summary>A match view: only what the generator needs.</summary>
public sealed record ViewDto(Guid MatchId, string Status, string Role, int TurnNumber, int? CurrentPlayer)
{
    /// <summary>The viewer's seat (0, 1) or -1 for a spectator.</summary>
    public int Seat =>
        Role switch
        {
            "PlayerOne" => 0,
            "PlayerTwo" => 1,
            _ => -1,
        };
}

/// <summary>The answer to <c>Fire</c>.</summary>
public sealed record FireAnswer(ShotDto Shot, int TurnNumber, int? NextPlayer, string Status, bool Duplicate);

/// <summary><c>ShotFired</c>.</summary>
public sealed record ShotFiredDto(Guid MatchId, int TurnNumber, ShotDto Shot, int? NextPlayer);

/// <summary><c>MatchStarted</c>.</summary>
public sealed record MatchStartedDto(Guid MatchId, int TurnNumber, int CurrentPlayer);

/// <summary><c>MatchEnded</c>.</summary>
public sealed record MatchEndedDto(Guid MatchId, int TurnNumber, int Winner);

/// <summary>A room (REST and the lobby's events).</summary>
public sealed record RoomDto(Guid Id, string Status, Guid? MatchId);

public sealed record ReplayMoveDto(int Number, int Player, string Kind, ShotDto? Shot);

public sealed record ReplayDto(Guid MatchId, string Status, IReadOnlyList<ReplayMoveDto> Moves);
