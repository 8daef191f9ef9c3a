using System.ComponentModel;
using System.Globalization;
using Battleship.Db.Archive;
using Battleship.Gateway.Hosting;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Apis;

/// <summary><c>/api/ladder</c>: the ranking, read from the archive's ratings through a short cache (<see cref="LadderCache"/>).</summary>
internal static class LadderApi
{
    public static IEndpointRouteBuilder MapLadderApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ladder").WithTags("Ladder");
        group
            .MapGet("/", GetLadderAsync)
            .WithName("GetLadder")
            .WithSummary("The ranking by Glicko-2 rating (ties: lower deviation first); scope all, users or agents.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapGet("/me", GetMyLadderRowAsync)
            .WithName("GetMyLadderRow")
            .WithSummary(
                "The caller's line of the ladder in a scope (all or users), with its rank: for the page that does not hold it. 204 before the first rated match."
            )
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Ok<Page<LadderRow>>> GetLadderAsync(
        [AsParameters] PageQuery paging,
        LadderScope? scope,
        LadderCache ladder,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        return TypedResults.Ok(await ladder.GetAsync(scope ?? LadderScope.All, number, size, cancellationToken));
    }

    /// <summary>
    /// The caller's own line, read from the archive every time (one indexed count): it changes with the
    /// caller's own matches, which the caller expects to see at once.
    /// </summary>
    private static async Task<Results<Ok<LadderRow>, NoContent>> GetMyLadderRowAsync(
        LadderScope? scope,
        CurrentUser me,
        RatingStore ratings,
        CancellationToken cancellationToken
    )
    {
        var entry = await ratings.GetLadderEntryAsync(ParticipantRef.User(me.Id), scope ?? LadderScope.All, cancellationToken);
        return entry is null ? TypedResults.NoContent() : TypedResults.Ok(LadderRow.From(entry));
    }
}

/// <summary>
/// The ladder's pages as the archive answered them at most <see cref="GatewayOptions.LadderCacheDuration"/>
/// ago (5 s by default), per gateway: a page is one indexed query (<c>ix_ratings_rating_deviation_id</c>)
/// and a count, and under load each page is asked for far more often than it changes. HybridCache
/// also lets concurrent misses of one page share a single query. A duration of zero reads the
/// archive every time.
/// </summary>
internal sealed class LadderCache(HybridCache cache, RatingStore archive, IOptions<GatewayOptions> options)
{
    private readonly TimeSpan _duration = options.Value.LadderCacheDuration;

    /// <summary>One page of the ladder, from the cache or the archive.</summary>
    public async Task<Page<LadderRow>> GetAsync(LadderScope scope, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (_duration <= TimeSpan.Zero)
        {
            return await ReadAsync(archive, scope, page, pageSize, cancellationToken);
        }
        var cached = await cache.GetOrCreateAsync(
            string.Create(CultureInfo.InvariantCulture, $"ladder:{scope}:{page}:{pageSize}"),
            (archive, scope, page, pageSize),
            static async (state, ct) => new CachedLadderPage(await ReadAsync(state.archive, state.scope, state.page, state.pageSize, ct)),
            new HybridCacheEntryOptions { Expiration = _duration, LocalCacheExpiration = _duration },
            cancellationToken: cancellationToken
        );
        return cached.Page;
    }

    private static async Task<Page<LadderRow>> ReadAsync(
        RatingStore archive,
        LadderScope scope,
        int page,
        int pageSize,
        CancellationToken cancellationToken
    ) => (await archive.GetLadderAsync(page, pageSize, scope, cancellationToken)).Map(LadderRow.From);

    /// <summary>A cached page; marked immutable so that HybridCache hands out the instance instead of a deserialized copy.</summary>
    [ImmutableObject(true)]
    private sealed record CachedLadderPage(Page<LadderRow> Page);
}

/// <summary>A line of the ladder.</summary>
/// <param name="Rank">1-based position.</param>
/// <param name="Participant">The user or agent.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Rating">Glicko-2 rating.</param>
/// <param name="Deviation">Rating deviation.</param>
/// <param name="Volatility">Rating volatility.</param>
/// <param name="Games">Rated games.</param>
/// <param name="Wins">Wins.</param>
/// <param name="Losses">Losses.</param>
/// <param name="CurrentStreak">Positive: wins in a row; negative: losses in a row.</param>
/// <param name="UpdatedAt">Last change.</param>
internal sealed record LadderRow(
    int Rank,
    ParticipantRef Participant,
    string Name,
    double Rating,
    double Deviation,
    double Volatility,
    int Games,
    int Wins,
    int Losses,
    int CurrentStreak,
    DateTimeOffset UpdatedAt
)
{
    /// <summary>The line of an archive ladder entry.</summary>
    public static LadderRow From(LadderEntry entry) =>
        new(
            entry.Position,
            entry.Record.Participant,
            entry.Name,
            entry.Record.Rating.Rating,
            entry.Record.Rating.Deviation,
            entry.Record.Rating.Volatility,
            entry.Record.Games,
            entry.Record.Wins,
            entry.Record.Losses,
            entry.Record.CurrentStreak,
            entry.Record.UpdatedAt
        );
}
