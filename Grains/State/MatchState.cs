using Battleship.Engine;
using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>
/// The state of a match: setup, both fleets, every move, the clock, the chat and the end, as
/// <see cref="Matches.MatchRules"/> keeps it beside the engine's game. It is rebuilt from the match's
/// log on activation; it is also the grain-state format that came before the log (a match still
/// stored so is converted to a log on its first activation), hence its serialization ids.
/// </summary>
[GenerateSerializer, Alias("battleship.state.match")]
public sealed class MatchState
{
    /// <summary>Placing, in progress or finished (None before start).</summary>
    [Id(0)]
    public MatchStatus Status { get; set; }

    /// <summary>The room that started the match, if any.</summary>
    [Id(1)]
    public Guid? RoomId { get; set; }

    /// <summary>Player one and player two.</summary>
    [Id(2)]
    public List<ParticipantState> Players { get; set; } = [];

    [Id(3)]
    public RulesState Rules { get; set; } = new();

    /// <summary>Who fires first (0 or 1).</summary>
    [Id(4)]
    public int FirstPlayer { get; set; }

    [Id(5)]
    public double TurnTimeoutSeconds { get; set; }

    /// <summary>The seed for agents' decisions.</summary>
    [Id(6)]
    public ulong Seed { get; set; }

    /// <summary>Player one's fleet, once placed.</summary>
    [Id(7)]
    public List<PlacementState>? FleetOne { get; set; }

    /// <summary>Player two's fleet, once placed.</summary>
    [Id(8)]
    public List<PlacementState>? FleetTwo { get; set; }

    /// <summary>Every accepted move, in order.</summary>
    [Id(9)]
    public List<MoveState> Moves { get; set; } = [];

    /// <summary>When the player to move forfeits.</summary>
    [Id(10)]
    public DateTimeOffset? TurnDeadline { get; set; }

    /// <summary>The winner (0 or 1) once finished.</summary>
    [Id(11)]
    public int? Winner { get; set; }

    [Id(12)]
    public EndReason? EndReason { get; set; }

    [Id(13)]
    public DateTimeOffset StartedAt { get; set; }

    [Id(14)]
    public DateTimeOffset? FinishedAt { get; set; }

    [Id(15)]
    public List<ChatState> Chat { get; set; } = [];

    /// <summary>How many chat lines were ever posted.</summary>
    [Id(16)]
    public int ChatCount { get; set; }

    /// <summary>Whether the end was rated, archived and reported to users and room.</summary>
    [Id(17)]
    public bool Completed { get; set; }
}

[GenerateSerializer, Alias("battleship.state.rules")]
public sealed class RulesState
{
    [Id(0)]
    public int Rows { get; set; }

    [Id(1)]
    public int Columns { get; set; }

    /// <summary>Ship types and lengths, in fleet order.</summary>
    [Id(2)]
    public List<ShipSpecState> Fleet { get; set; } = [];

    [Id(3)]
    public bool ShipsMayTouch { get; set; }

    /// <summary>A hit keeps the turn.</summary>
    [Id(4)]
    public bool HitKeepsTurn { get; set; }

    public static RulesState From(RulesSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new()
        {
            Rows = spec.Rows,
            Columns = spec.Columns,
            Fleet = [.. spec.Fleet.Select(s => new ShipSpecState { Type = s.Type, Length = s.Length })],
            ShipsMayTouch = spec.ShipsMayTouch,
            HitKeepsTurn = spec.HitKeepsTurn,
        };
    }

    public RulesSpec ToSpec() =>
        new(Rows, Columns, [.. Fleet.Select(s => new ShipSpecView(s.Type, s.Length))], ShipsMayTouch, HitKeepsTurn);
}

/// <summary>One ship of the fleet as state.</summary>
[GenerateSerializer, Alias("battleship.state.ship-spec")]
public sealed class ShipSpecState
{
    [Id(0)]
    public ShipType Type { get; set; }

    [Id(1)]
    public int Length { get; set; }
}

/// <summary>Where one ship lies, as state.</summary>
[GenerateSerializer, Alias("battleship.state.placement")]
public sealed class PlacementState
{
    [Id(0)]
    public ShipType Ship { get; set; }

    [Id(1)]
    public int Row { get; set; }

    [Id(2)]
    public int Column { get; set; }

    [Id(3)]
    public Orientation Orientation { get; set; }

    public ShipPlacement ToPlacement() => new(Ship, Row, Column, Orientation);

    public static PlacementState From(ShipPlacement placement) =>
        new()
        {
            Ship = placement.Ship,
            Row = placement.Row,
            Column = placement.Column,
            Orientation = placement.Orientation,
        };
}

/// <summary>One accepted move, as state.</summary>
[GenerateSerializer, Alias("battleship.state.move")]
public sealed class MoveState
{
    [Id(0)]
    public int Number { get; set; }

    /// <summary>Who moved (0 or 1).</summary>
    [Id(1)]
    public int Player { get; set; }

    /// <summary>Shot or resignation (a timeout is a forfeit recorded as a resignation).</summary>
    [Id(2)]
    public MoveKind Kind { get; set; }

    /// <summary>The cell fired at (-1 otherwise).</summary>
    [Id(3)]
    public int Cell { get; set; }

    [Id(4)]
    public ShotOutcome Outcome { get; set; }

    /// <summary>The ship sunk, if any.</summary>
    [Id(5)]
    public ShipType? SunkShip { get; set; }

    /// <summary>When the move was accepted.</summary>
    [Id(6)]
    public DateTimeOffset At { get; set; }
}

/// <summary>A chat line, as state.</summary>
[GenerateSerializer, Alias("battleship.state.chat")]
public sealed class ChatState
{
    [Id(0)]
    public int Number { get; set; }

    [Id(1)]
    public ParticipantState From { get; set; } = new();

    [Id(2)]
    public string Text { get; set; } = "";

    [Id(3)]
    public DateTimeOffset At { get; set; }
}
