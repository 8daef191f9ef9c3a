using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// A real SignalR client of a test gateway. By default it talks WebSockets and passes the token in
/// the <c>access_token</c> query parameter, as a browser does; <see cref="HttpTransportType.LongPolling"/>
/// sends it as a bearer header instead. Every pushed message is queued per method for the test to await.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, Channel<object>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<object>> _seen = new(StringComparer.Ordinal);

    private HubClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Builds a client for <paramref name="path"/> that listens to the given methods (not started).</summary>
    public static HubClient Create(
        GatewayFactory gateway,
        string path,
        string? token,
        IReadOnlyDictionary<string, Type> methods,
        HttpTransportType transport = HttpTransportType.WebSockets
    )
    {
        var server = gateway.Server;
        // Over WebSockets the token travels in the query string (negotiation, a plain POST to the hub path, gets it there too).
        var url =
            token is not null && transport == HttpTransportType.WebSockets
                ? new Uri(server.BaseAddress, $"{path}?access_token={Uri.EscapeDataString(token)}")
                : new Uri(server.BaseAddress, path);
        var connection = new HubConnectionBuilder()
            .WithUrl(
                url,
                options =>
                {
                    options.Transports = transport;
                    options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                    if (token is not null && transport != HttpTransportType.WebSockets)
                    {
                        options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    }
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var client = server.CreateWebSocketClient();
                        return await client.ConnectAsync(context.Uri, cancellationToken);
                    };
                }
            )
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var hub = new HubClient(connection);
        foreach (var (method, type) in methods)
        {
            connection.On(
                method,
                [type],
                (arguments, _) =>
                {
                    hub.Queue(method).Writer.TryWrite(arguments[0]!);
                    hub._seen.GetOrAdd(method, _ => []).Add(arguments[0]!);
                    return Task.CompletedTask;
                },
                null!
            );
        }
        return hub;
    }

    /// <summary>Every message of <paramref name="method"/> received so far, in order.</summary>
    public IReadOnlyList<T> Seen<T>(string method) => _seen.TryGetValue(method, out var all) ? [.. all.Cast<T>()] : [];

    /// <summary>Waits (at most <paramref name="patience"/>, 15 s by default) for the next message of <paramref name="method"/> that matches <paramref name="wanted"/>.</summary>
    public async Task<T> NextAsync<T>(string method, Func<T, bool>? wanted = null, TimeSpan? patience = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(patience ?? Patience);
        try
        {
            while (true)
            {
                var next = (T)await Queue(method).Reader.ReadAsync(timeout.Token);
                if (wanted is null || wanted(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No {method} message arrived within {patience ?? Patience}.");
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private Channel<object> Queue(string method) => _messages.GetOrAdd(method, _ => Channel.CreateUnbounded<object>());
}
