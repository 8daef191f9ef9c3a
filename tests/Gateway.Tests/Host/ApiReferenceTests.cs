using System.Text.RegularExpressions;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// The API reference (<c>/docs</c>) is self-contained: the page and everything it names come from
/// the gateway (no fonts, scripts or services of another host), without the hosted services'
/// buttons, and with a link back to the game.
/// </summary>
public sealed partial class ApiReferenceTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task Docs_PageAndWhatItReferences_ComeFromTheGatewayOnly()
    {
        var http = Gateway.CreateClient();

        var html = await http.GetStringAsync(new Uri("/docs", UriKind.Relative), TestContext.Current.CancellationToken);
        var referenced = LocalReferences(html).ToList();
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var path in referenced)
        {
            var response = await http.GetPathAsync(path);
            statuses[path] = response.StatusCode;
        }

        Assert.NotEmpty(referenced); // the script at least
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s.Value)); // served by the gateway itself
        Assert.Empty(AbsoluteUrls().Matches(html).Select(m => m.Value)); // the page and its inline configuration name no other host
        Assert.Contains("<a href=\"/\">", html, StringComparison.Ordinal); // back to the game
    }

    [Fact]
    public async Task Docs_Configuration_HidesTheHostedServicesButtons_AndUsesNoWebFonts()
    {
        var html = await Fixture
            .Gateway.CreateClient()
            .GetStringAsync(new Uri("/docs", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.Matches("\"agent\":\\{[^}]*\"disabled\":true", html);
        Assert.Matches("\"mcp\":\\{[^}]*\"disabled\":true", html);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("document.documentElement.lang = \"en\"", html, StringComparison.Ordinal);
    }

    /// <summary>The <c>src</c>/<c>href</c> values of the page that point at the gateway (relative or root-relative).</summary>
    private static IEnumerable<string> LocalReferences(string html) =>
        Reference()
            .Matches(html)
            .Select(m => m.Groups["url"].Value)
            .Where(u => !u.StartsWith('#') && u != "/")
            .Select(u => u.StartsWith('/') ? u : "/docs/" + u)
            .Distinct();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Reference();

    /// <summary>An absolute http(s) URL or a protocol-relative one (<c>//host/…</c>) in markup or JSON.</summary>
    [GeneratedRegex("(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrls();
}
