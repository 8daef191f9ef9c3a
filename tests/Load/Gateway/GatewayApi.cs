using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Battleship.Load.Gateway;

/// <summary>A refusal or fault from the gateway, by the code a client would see.</summary>
/// <param name="Code">The ProblemDetails <c>code</c>, the hub error's code, or a transport failure such as <c>Http503</c>, <c>Timeout</c> or <c>Disconnected</c>.</param>
/// <param name="Detail">What the gateway said.</param>
/// <param name="Inner">The failure behind it, if any.</param>
public sealed class GatewayException(string Code, string Detail, Exception? Inner = null) : Exception($"{Code}: {Detail}", Inner)
{
    public string Code { get; } = Code;

    /// <summary>The error code of any exception a call can end with.</summary>
    public static string CodeOf(Exception e) =>
        e switch
        {
            GatewayException g => g.Code,
            HubException h => HubCode(h.Message),
            TaskCanceledException or TimeoutException => "Timeout",
            HttpRequestException { StatusCode: { } status } => $"Http{(int)status}",
            HttpRequestException => "HttpFailed",
            InvalidOperationException when e.Message.Contains("not active", StringComparison.Ordinal) => "Disconnected",
            _ => e.GetType().Name,
        };

    private static string HubCode(string message)
    {
        // "An unexpected error occurred invoking 'Fire' on the server. HubException: NotYourTurn: It is not your turn."
        var text = message.Contains("HubException: ", StringComparison.Ordinal)
            ? message[(message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..]
            : message;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && text[..colon].All(char.IsLetterOrDigit) ? text[..colon] : "HubError";
    }
}

/// <summary>A signed-in user of the gateway: its token, REST calls and hub connections.</summary>
public sealed class GatewayUser
{
    private readonly GatewayApi _api;

    internal GatewayUser(GatewayApi api, string token)
    {
        _api = api;
        Token = token;
    }

    /// <summary>The access token from the local issuer.</summary>
    public string Token { get; }

    /// <summary>POST with this user's token; the answer as <typeparamref name="T"/>.</summary>
    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) =>
        _api.SendAsync<T>(HttpMethod.Post, path, body, Token, ct);

    /// <summary>GET with this user's token.</summary>
    public Task<T> GetAsync<T>(string path, CancellationToken ct) => _api.SendAsync<T>(HttpMethod.Get, path, null, Token, ct);

    /// <summary>A started hub connection as this user (WebSockets only, as browsers use).</summary>
    public async Task<HubConnection> ConnectAsync(string hubPath, Action<HubConnection> configure, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(
                new Uri(_api.BaseAddress, hubPath),
                Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets,
                o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(Token);
                    o.SkipNegotiation = true;
                }
            )
            .WithAutomaticReconnect(new ReconnectAsBrowsersDo())
            .AddJsonProtocol(o => GatewayApi.Configure(o.PayloadSerializerOptions))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical))
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(30);
        configure(connection);
        await connection.StartAsync(ct);
        return connection;
    }
}

/// <summary>
/// The gateway as a browser client sees it: <c>POST /auth/dev-token</c> to sign in with the local
/// issuer, REST under <c>/api</c>, SignalR hubs under <c>/hubs</c>. Errors become <see cref="GatewayException"/>s.
/// </summary>
public sealed class GatewayApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private readonly HttpClient _http;

    /// <summary>A client of the gateway at <paramref name="baseAddress"/>.</summary>
    public GatewayApi(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress { get; }

    /// <summary>The JSON settings of the gateway (string enums).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Signs in a new user with the local issuer.</summary>
    public async Task<GatewayUser> SignInAsync(string displayName, CancellationToken ct)
    {
        var token = await SendAsync<TokenAnswer>(HttpMethod.Post, "/auth/dev-token", new { displayName }, null, ct);
        return new GatewayUser(this, token.AccessToken);
    }

    /// <summary>
    /// How long a call keeps being retried while the service answers 503 with <c>Retry-After</c>
    /// (a database outage, a failover): longer than any fault the chaos experiments inject.
    /// </summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    /// <summary>Counts the retries (<see cref="LoadStats.Retried"/>); set by the runner.</summary>
    public LoadStats? Stats { get; set; }

    /// <summary>How long after a request lost with its gateway it is sent again.</summary>
    private static readonly TimeSpan RetryAfterLoss = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sends a request as a well-behaved client: a 503 that says when to come back
    /// (<c>Retry-After</c>) is retried after that delay for up to <see cref="RetryFor"/>; a 503
    /// without it is an error (<c>UnavailableWithoutRetryAfter</c>), as is any other failure. A
    /// request whose outcome is unknown (the load balancer answered 502 or 504: the gateway went
    /// away with it; or the connection failed) is sent again a second later: every request this
    /// tool sends may safely be repeated, the creating ones because they carry one
    /// <c>Idempotency-Key</c> across their attempts.
    /// </summary>
    internal async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? token, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var key = method == HttpMethod.Post ? Guid.NewGuid().ToString() : null;
        while (true)
        {
            try
            {
                return await SendOnceAsync<T>(method, path, body, token, key, ct);
            }
            catch (GatewayException e)
                when (e.Code is "Http502" or "Http504" or "ConnectionLost" && Stopwatch.GetElapsedTime(started) + RetryAfterLoss < RetryFor)
            {
                Stats?.Retried(e.Code);
                await Task.Delay(RetryAfterLoss, ct);
            }
            catch (RetryAfterException e) when (Stopwatch.GetElapsedTime(started) + e.Delay < RetryFor)
            {
                Stats?.Retried(e.Error.Code);
                await Task.Delay(e.Delay, ct);
            }
            catch (RetryAfterException e)
            {
                throw e.Error;
            }
        }
    }

    private async Task<T> SendOnceAsync<T>(HttpMethod method, string path, object? body, string? token, string? key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient's own timeout: a failed call, not the run being cancelled.
            throw new GatewayException("Timeout", $"{method} {path}: no answer within {_http.Timeout.TotalSeconds:F0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new GatewayException("ConnectionLost", $"{method} {path}: {e.Message}", e);
        }
        using var _ = response;
        if (response.IsSuccessStatusCode)
        {
            return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
        }
        var error = await ErrorOfAsync(response, ct);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            if (response.Headers.RetryAfter?.Delta is not { } delay)
            {
                throw new GatewayException("UnavailableWithoutRetryAfter", $"{method} {path}: 503 without Retry-After ({error.Message})");
            }
            throw new RetryAfterException(error, delay);
        }
        throw error;
    }

    private sealed class RetryAfterException(GatewayException error, TimeSpan delay) : Exception(error.Message)
    {
        public GatewayException Error { get; } = error;

        public TimeSpan Delay { get; } = delay;
    }

    private static async Task<GatewayException> ErrorOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(Json, ct);
            if (problem?.Code is { Length: > 0 } code)
            {
                return new GatewayException(code, problem.Detail ?? "");
            }
        }
        catch (JsonException) { }
        return new GatewayException($"Http{(int)response.StatusCode}", response.ReasonPhrase ?? response.StatusCode.ToString());
    }

    /// <summary>The gateway's Prometheus exposition (<c>GET /metrics</c>), or null when it serves none.</summary>
    public async Task<string?> MetricsAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative), ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private sealed record TokenAnswer(string AccessToken);

    private sealed record Problem(string? Code, string? Detail);
}

/// <summary>
/// Reconnects a hub connection as the web client does, but sooner and for longer: at once, then
/// every 250 ms to 1 s, for up to a minute; a gateway that died is replaced by the load
/// balancer's next one within that time.
/// </summary>
internal sealed class ReconnectAsBrowsersDo : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.ElapsedTime > GatewayApi.RetryFor ? null
        : retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds(Math.Min(1000, 250 * retryContext.PreviousRetryCount));
}

/// <summary>REST bodies and answers the scenarios use (the gateway's contract; see docs/api.md).</summary>
internal static class Bodies
{
    public sealed record CreateMatch(Guid AgentId, bool YouFirst, int TurnSeconds);

    public sealed record CreateRoom(string Name, int MaxSpectators);

    public sealed record JoinRoom(bool AsSpectator);
}
