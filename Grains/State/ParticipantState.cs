using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>A participant as grain state stores it.</summary>
[GenerateSerializer, Alias("battleship.state.participant")]
public sealed class ParticipantState
{
    [Id(0)]
    public ParticipantKind Kind { get; set; }

    /// <summary>The user or agent id.</summary>
    [Id(1)]
    public Guid Id { get; set; }

    [Id(2)]
    public string DisplayName { get; set; } = "";

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

    public Participant ToModel() => new(Kind, Id, DisplayName);
}
