using System.Net.Http.Json;
using Battleship.Engine;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>Short forms of the REST calls the tests make.</summary>
public static class Api
{
    /// <summary>POSTs a JSON body (an empty object when none is given).</summary>
    public static Task<HttpResponseMessage> PostAsync(this Session session, string url, object? body = null) =>
        session.Http.PostAsJsonAsync(url, body ?? new { }, Sessions.Json, TestContext.Current.CancellationToken);

    /// <summary>POSTs a JSON body with an <c>Idempotency-Key</c> header.</summary>
    public static async Task<HttpResponseMessage> PostOnceAsync(this Session session, string url, string idempotencyKey, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Sessions.Json) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await session.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>PUTs a JSON body.</summary>
    public static Task<HttpResponseMessage> PutAsync(this Session session, string url, object body) =>
        session.Http.PutAsJsonAsync(url, body, Sessions.Json, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> DeleteAsync(this Session session, string url) =>
        session.Http.DeleteAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetAsync(this Session session, string url) => session.Http.GetPathAsync(url);

    /// <summary>GETs a path of the gateway, on a client signed in or not.</summary>
    public static Task<HttpResponseMessage> GetPathAsync(this HttpClient http, string path) =>
        http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Sessions.Json, TestContext.Current.CancellationToken))!;

    /// <summary>POSTs and reads the answer, failing the test with the body when the call is refused.</summary>
    public static async Task<T> PostOkAsync<T>(this Session session, string url, object? body = null) =>
        await (await Ok(session.PostAsync(url, body))).ReadAsync<T>();

    /// <summary>GETs and reads the answer, failing the test with the body when the call is refused.</summary>
    public static async Task<T> GetOkAsync<T>(this Session session, string url) => await (await Ok(session.GetAsync(url))).ReadAsync<T>();

    /// <summary>A room of <paramref name="owner"/>'s.</summary>
    public static Task<RoomView> CreateRoomAsync(this Session owner, string name = "Room", Guid? agentId = null, bool isPrivate = false) =>
        owner.PostOkAsync<RoomView>(
            "/api/rooms",
            new
            {
                name,
                agentId,
                isPrivate,
            }
        );

    /// <summary>Signs in "Owner" and "Guest": a room of the owner's, the guest seated in it as the second player.</summary>
    public static async Task<(Session Owner, Session Guest, RoomView Room)> RoomWithAGuestAsync(this GatewayFactory gateway)
    {
        var owner = await gateway.SignInAsync("Owner");
        var guest = await gateway.SignInAsync("Guest");
        var room = await owner.CreateRoomAsync();
        await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        return (owner, guest, room);
    }

    /// <summary>A human-vs-human match through a room: two users join, both get ready.</summary>
    public static async Task<Guid> StartRoomMatchAsync(Session one, Session two)
    {
        var room = await one.CreateRoomAsync("Duel");
        await two.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        await one.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        var started = await two.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        return started.MatchId ?? throw new InvalidOperationException("The match did not start.");
    }

    /// <summary>Signs in "One" and "Two" and starts a match between them through a room (<see cref="StartRoomMatchAsync(Session, Session)"/>).</summary>
    public static async Task<(Session One, Session Two, Guid Match)> StartRoomMatchAsync(this GatewayFactory gateway)
    {
        var one = await gateway.SignInAsync("One");
        var two = await gateway.SignInAsync("Two");
        return (one, two, await StartRoomMatchAsync(one, two));
    }

    /// <summary>A seeded fleet in the wire form.</summary>
    public static IReadOnlyList<FleetPlacement> Fleet(ulong seed) => FleetLayout.Random(GameRules.Standard, seed).ToPlacements();

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail(
                $"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}"
            );
        }
        return response;
    }
}
