namespace Battleship.ServiceDefaults;

/// <summary>
/// A container health check without curl: <c>dotnet Host.dll --health-probe URL</c> asks the URL once
/// and exits 0 when it answers 2xx, 1 otherwise. The official .NET images have no HTTP client, and
/// this reuses the runtime that is already there; each host's <c>Program</c> calls it first.
/// </summary>
public static class HealthProbe
{
    /// <summary>The first argument that turns a host's start into a probe.</summary>
    public const string Argument = "--health-probe";

    /// <summary>How long the probe waits for an answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    /// <summary>Whether the command line asks for a probe rather than the host.</summary>
    /// <param name="args">The process's arguments.</param>
    /// <returns>True when the first argument is <see cref="Argument"/>.</returns>
    public static bool IsRequested(IReadOnlyList<string> args) =>
        args is not null && args.Count > 0 && string.Equals(args[0], Argument, StringComparison.Ordinal);

    /// <summary>Asks the URL given after <see cref="Argument"/> once.</summary>
    /// <param name="args">The process's arguments: <see cref="Argument"/> and an absolute http(s) URL.</param>
    /// <param name="handler">The HTTP handler (tests); a new socket handler when null.</param>
    /// <returns>The exit code: 0 healthy, 1 unhealthy or unreachable, 2 a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (
            args.Count != 2
            || !Uri.TryCreate(args[1], UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        )
        {
            await Console.Error.WriteLineAsync($"usage: {Argument} http://127.0.0.1:8080/health/ready");
            return 2;
        }
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout;
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await Console.Error.WriteLineAsync($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: {e.Message}");
            return 1;
        }
    }
}
