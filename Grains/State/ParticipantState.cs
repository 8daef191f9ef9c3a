using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>A participant as grain state stores it.</summary>
[GenerateSerializer, Alias("battleship.state.participant")]
public sealed class ParticipantState
{
    /// <summary>User or agent.</summary>
    [Id(0)]
    public ParticipantKind Kind { get; set; }

    /// <summary>The user or agent id.</summary>
    [Id(1)]
    public Guid Id { get; set; }

    /// <summary>The name shown.</summary>
    [Id(2)]
    public string DisplayName { get; set; } = "";

    /// <summary>From the wire form.</summary>
    public static ParticipantState From(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new()
        {
            Kind = participant.Kind,
            Id = participant.Id,
            DisplayName = participant.DisplayName,
        };
    }

    /// <summary>To the wire form.</summary>
    public Participant ToModel() => new(Kind, Id, DisplayName);
}
