namespace Battleship.Gateway.Apis;

/// <summary>
/// What endpoints that call grains share: the handler of an endpoint that is one grain call on the
/// caller's behalf, and the documentation of the refusals they answer.
/// </summary>
internal static class GrainEndpoint
{
    /// <summary>
    /// The handler of <c>…/{id}</c> that calls <paramref name="method"/> (its <c>nameof</c>) of the
    /// grain <c>id</c> as <paramref name="call"/> says, for the caller, and answers 200 with the result.
    /// </summary>
    public static Func<Guid, CurrentUser, GrainClient, CancellationToken, Task<Ok<T>>> ForCaller<TGrain, T>(
        string method,
        Func<TGrain, CurrentUser, Task<T>> call
    )
        where TGrain : IGrainWithGuidKey =>
        async (Guid id, CurrentUser me, GrainClient grains, CancellationToken cancellationToken) =>
            TypedResults.Ok(await grains.Grain<TGrain>(id).CallAsync(method, g => call(g, me), cancellationToken));

    /// <summary>Documents the ProblemDetails answers of an endpoint, one per status.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }
}
