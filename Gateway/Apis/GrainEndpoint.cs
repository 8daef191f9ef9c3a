using Battleship.Gateway.Auth;
using Battleship.Gateway.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Battleship.Gateway.Apis;

/// <summary>Handlers for the endpoints that are one grain call on the caller's behalf and nothing else.</summary>
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
}
