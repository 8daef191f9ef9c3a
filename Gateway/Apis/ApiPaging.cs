using Battleship.Db.Ratings;
using Battleship.Grains;
using Battleship.Grains.Models;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Apis;

/// <summary>The paging rules every list of the API follows: pages from 1, 1 to 100 items, 20 by default.</summary>
internal static class ApiPaging
{
    public const int DefaultPageSize = 20;

    /// <summary>The page and size asked for, with defaults; a validation error when out of range.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1 || size < 1 || size > Page<object>.MaxPageSize)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"Pages are numbered from 1 and hold 1 to {Page<object>.MaxPageSize} items."
            );
        }
        return (p, size);
    }
}

/// <summary>Who took part, as the archive records it.</summary>
/// <param name="Kind">User or Agent.</param>
/// <param name="Id">The user's or agent's id.</param>
internal sealed record ParticipantRef(ParticipantKind Kind, Guid Id)
{
    public static ParticipantRef From(Db.Archive.Participant participant) =>
        participant.UserId is { } user ? new(ParticipantKind.User, user) : new(ParticipantKind.Agent, participant.AgentId!.Value);
}

/// <summary>A finished match in someone's history.</summary>
/// <param name="Id">The match.</param>
/// <param name="RoomId">Its room, if any.</param>
/// <param name="PlayerOne">Side 0.</param>
/// <param name="PlayerTwo">Side 1.</param>
/// <param name="Winner">0 or 1.</param>
/// <param name="EndReason">Win, Resign, Timeout or Abandoned.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="MoveCount">Moves played.</param>
internal sealed record MatchHistoryItem(
    Guid Id,
    Guid? RoomId,
    ParticipantRef PlayerOne,
    ParticipantRef PlayerTwo,
    int? Winner,
    Db.Archive.MatchEndReason EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int MoveCount
)
{
    public static Page<MatchHistoryItem> PageOf(Db.Archive.Page<Db.Archive.MatchSummary> page) =>
        new(
            [
                .. page.Items.Select(m => new MatchHistoryItem(
                    m.Id,
                    m.RoomId,
                    ParticipantRef.From(m.PlayerOne),
                    ParticipantRef.From(m.PlayerTwo),
                    m.Winner,
                    m.EndReason,
                    m.StartedAt,
                    m.FinishedAt,
                    m.MoveCount
                )),
            ],
            page.PageNumber,
            page.PageSize,
            page.TotalCount
        );
}

/// <summary>A participant's rating on the ladder.</summary>
/// <param name="Rating">Glicko-2 rating (1500 to start).</param>
/// <param name="Deviation">Rating deviation (350 to start).</param>
/// <param name="Games">Rated games.</param>
/// <param name="Wins">Wins.</param>
/// <param name="Losses">Losses.</param>
/// <param name="CurrentStreak">Positive: wins in a row; negative: losses in a row.</param>
internal sealed record RatingSummary(double Rating, double Deviation, int Games, int Wins, int Losses, int CurrentStreak)
{
    /// <summary>The archive's rating row, or a newcomer's rating (no rated match yet) when there is none.</summary>
    public static RatingSummary From(Db.Archive.RatingRecord? rating) =>
        rating is null
            ? new(Glicko2Rating.Initial.Rating, Glicko2Rating.Initial.Deviation, 0, 0, 0, 0)
            : new(rating.Rating.Rating, rating.Rating.Deviation, rating.Games, rating.Wins, rating.Losses, rating.CurrentStreak);
}
