namespace Battleship.Grains.Models;

/// <summary>Whether a participant is a person or an agent.</summary>
public enum ParticipantKind
{
    /// <summary>A signed-in person (the id is an internal user id).</summary>
    User,

    /// <summary>An AI agent (the id is an agent id).</summary>
    Agent,
}

/// <summary>Someone who plays: a user or an agent, with the name to show.</summary>
[GenerateSerializer, Immutable, Alias("battleship.participant")]
public sealed record Participant([property: Id(0)] ParticipantKind Kind, [property: Id(1)] Guid Id, [property: Id(2)] string DisplayName)
{
    /// <summary>A user participant.</summary>
    public static Participant User(Guid id, string displayName) => new(ParticipantKind.User, id, displayName);

    /// <summary>An agent participant.</summary>
    public static Participant Agent(Guid id, string displayName) => new(ParticipantKind.Agent, id, displayName);
}

/// <summary>Who took part, as the archive records it.</summary>
/// <remarks>A user or an agent by id, without a name: a side of a match or a rated participant.</remarks>
/// <param name="Kind">User or Agent.</param>
/// <param name="Id">The user's or agent's id.</param>
[GenerateSerializer, Immutable, Alias("battleship.participant-ref")]
public sealed record ParticipantRef([property: Id(0)] ParticipantKind Kind, [property: Id(1)] Guid Id)
{
    /// <summary>A user.</summary>
    public static ParticipantRef User(Guid id) => new(ParticipantKind.User, id);

    /// <summary>An agent.</summary>
    public static ParticipantRef Agent(Guid id) => new(ParticipantKind.Agent, id);

    /// <inheritdoc />
    public override string ToString() => Kind == ParticipantKind.User ? $"user:{Id}" : $"agent:{Id}";
}

/// <summary>One page of a longer list.</summary>
[GenerateSerializer, Immutable, Alias("battleship.page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int PageNumber,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int TotalCount
);

/// <summary>A set of cells as two 64-bit halves (bit i = cell i), the wire form of an engine bitboard.</summary>
[GenerateSerializer, Immutable, Alias("battleship.cells")]
public readonly record struct CellSet([property: Id(0)] ulong Low, [property: Id(1)] ulong High)
{
    /// <summary>From an engine bitboard.</summary>
    public static CellSet From(UInt128 cells) => new((ulong)cells, (ulong)(cells >> 64));

    /// <summary>To an engine bitboard.</summary>
    public UInt128 ToBitboard() => ((UInt128)High << 64) | Low;
}
