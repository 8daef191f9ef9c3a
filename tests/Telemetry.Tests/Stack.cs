extern alias silo;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Battleship.Db;
using Battleship.Db.Orleans;
using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Grains.Models;
using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using silo::Battleship.Silo;
using ArchiveMigrator = Battleship.Db.Archive.ArchiveMigrator;

namespace Battleship.Telemetry.Tests;

/// <summary>
/// A running silo (ServiceDefaults and the silo's own composition, on PostgreSQL, real Kestrel) and
/// the gateway's real <c>Program</c> (its own ADO.NET-clustered Orleans client) in a test server.
/// <see cref="InitializeAsync"/> plays a scripted match over REST and the hubs, then reads both
/// hosts' Prometheus expositions.
/// </summary>
public sealed class Stack : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly PostgresDatabase _database = new();
    private readonly string _clusterId = $"telemetry-{Guid.NewGuid():N}";
    private WebApplication? _silo;
    private GatewayApp? _gateway;

    /// <summary>The silo's <c>/metrics</c> after the script.</summary>
    public Exposition SiloMetrics { get; private set; } = Exposition.Empty;

    /// <summary>The gateway's <c>/metrics</c> after the script.</summary>
    public Exposition GatewayMetrics { get; private set; } = Exposition.Empty;

    /// <summary>The refused shot's response: status, <c>X-Trace-Id</c> header and ProblemDetails.</summary>
    public (HttpStatusCode Status, string? TraceHeader, JsonElement Problem) RefusedShot { get; private set; }

    /// <summary>The trace id the script's "browser" sent in <c>traceparent</c> with its shot.</summary>
    public ActivityTraceId BrowserTraceId { get; } = ActivityTraceId.CreateRandom();

    private readonly ExportedSpanCollection _siloSpans = new();
    private readonly ExportedSpanCollection _gatewaySpans = new();

    /// <summary>The spans the silo host has exported so far (in-memory exporter beside its real configuration), copied.</summary>
    public IReadOnlyList<Activity> SiloSpans => _siloSpans.Snapshot();

    /// <summary>The spans the gateway host has exported so far, copied.</summary>
    public IReadOnlyList<Activity> GatewaySpans => _gatewaySpans.Snapshot();

    /// <summary>The message of the hub error the script provoked.</summary>
    public string HubError { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);

        var webPort = TestHosts.FreePort();
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "Battleship.Silo" }
        );
        builder.Configuration["Battleship:Database:ConnectionString"] = _database.ConnectionString;
        builder.Configuration["Battleship:Cluster:ClusterId"] = _clusterId;
        builder.Configuration["Battleship:Cluster:ServiceId"] = _clusterId;
        builder.Configuration["Battleship:Silo:SiloPort"] = TestHosts
            .FreePort()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Battleship:Silo:GatewayPort"] = TestHosts
            .FreePort()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Battleship:Dashboard:Enabled"] = "false";
        builder.Configuration["urls"] = $"http://127.0.0.1:{webPort}";
        builder.AddServiceDefaults();
        builder.AddBattleshipSilo();
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_siloSpans));
        _silo = builder.Build();
        _silo.MapDefaultEndpoints();
        await _silo.StartAsync();

        _gateway = new GatewayApp(_database.ConnectionString, _clusterId, _gatewaySpans);
        await PlayAsync(_gateway);

        // A scripted environment episode in this process: the engine's meters are process-wide.
        var env = new BattleshipEnv(GameRules.Standard);
        env.Reset(3);
        env.Step(0);
        env.Step(0);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        SiloMetrics = Exposition.Parse(
            await http.GetStringAsync(new Uri(Battleship.ServiceDefaults.Telemetry.MetricsPath, UriKind.Relative))
        );
        GatewayMetrics = Exposition.Parse(
            await _gateway.CreateClient().GetStringAsync(new Uri(Battleship.ServiceDefaults.Telemetry.MetricsPath, UriKind.Relative))
        );
    }

    private async Task PlayAsync(GatewayApp gateway)
    {
        var anonymous = gateway.CreateClient();
        var tokenResponse = await anonymous.PostAsJsonAsync("/auth/dev-token", new { displayName = "Telemetry" }, Json);
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString()!;
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.GetAsync(new Uri("/api/me", UriKind.Relative))).EnsureSuccessStatusCode();

        var created = await http.PostAsJsonAsync("/api/matches", new { agentId = BuiltInAgents.Density, youFirst = true }, Json);
        created.EnsureSuccessStatusCode();
        var match = (await created.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("matchId").GetGuid();
        var placed = await http.PostAsJsonAsync($"/api/matches/{match}/place", new { random = true }, Json);
        placed.EnsureSuccessStatusCode();
        var turn = (await placed.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("turnNumber").GetInt32();
        using var shot = new HttpRequestMessage(HttpMethod.Post, $"/api/matches/{match}/fire")
        {
            Content = JsonContent.Create(new { cell = 0, expectedTurn = turn }, options: Json),
        };
        shot.Headers.Add("traceparent", $"00-{BrowserTraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await http.SendAsync(shot)).EnsureSuccessStatusCode();

        var refused = await http.PostAsJsonAsync($"/api/matches/{match}/fire", new { cell = 999, expectedTurn = turn + 1 }, Json);
        RefusedShot = (
            refused.StatusCode,
            refused.Headers.TryGetValues("X-Trace-Id", out var ids) ? ids.Single() : null,
            await refused.Content.ReadFromJsonAsync<JsonElement>(Json)
        );

        var hub = new HubConnectionBuilder()
            .WithUrl(
                new Uri(gateway.Server.BaseAddress, $"/hubs/match?access_token={Uri.EscapeDataString(token)}"),
                options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.HttpMessageHandlerFactory = _ => gateway.Server.CreateHandler();
                    options.WebSocketFactory = async (context, cancellationToken) =>
                        await gateway.Server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
                }
            )
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinMatch", match);
        try
        {
            await hub.InvokeAsync<JsonElement>("JoinMatch", Guid.NewGuid());
        }
        catch (HubException e)
        {
            HubError = e.Message;
        }
        (await http.PostAsync(new Uri($"/api/matches/{match}/resign", UriKind.Relative), content: null)).EnsureSuccessStatusCode();
        await hub.InvokeAsync<JsonElement>("JoinMatch", match); // the match is over and archived when this answers
        await hub.StopAsync();
        await hub.DisposeAsync();
        var bad = gateway.CreateClient();
        bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await bad.GetAsync(new Uri("/api/me", UriKind.Relative));
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private sealed class GatewayApp(string connectionString, string clusterId, ExportedSpanCollection spans)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            var settings = new Dictionary<string, string?>(TestGateway.Settings(connectionString))
            {
                ["Battleship:Cluster:ClusterId"] = clusterId,
                ["Battleship:Cluster:ServiceId"] = clusterId,
            };
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        }
    }
}

/// <summary>The tests that share one <see cref="Stack"/>.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<Stack>
{
    public const string Name = "Stack";
}

/// <summary>A Prometheus text exposition: its samples by metric name.</summary>
public sealed class Exposition
{
    private Exposition(string text, IReadOnlyList<(string Name, string Labels)> samples)
    {
        Text = text;
        Samples = samples;
    }

    public static Exposition Empty { get; } = new("", []);

    public string Text { get; }

    /// <summary>Every sample line's metric name and label text (<c>{a="b",...}</c>).</summary>
    public IReadOnlyList<(string Name, string Labels)> Samples { get; }

    /// <summary>The metric names of the samples.</summary>
    public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet();

    /// <summary>The metric families: names without the histogram suffixes.</summary>
    public IReadOnlySet<string> Families =>
        Samples.Select(s => s.Name).Select(n => Names.Contains(Strip(n) + "_bucket") ? Strip(n) : n).ToHashSet();

    /// <summary>The samples of <paramref name="name"/>.</summary>
    public IEnumerable<string> LabelsOf(string name) => Samples.Where(s => s.Name == name).Select(s => s.Labels);

    public static Exposition Parse(string text)
    {
        var samples = new List<(string, string)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (brace >= 0 && (space < 0 || brace < space))
            {
                var close = line.LastIndexOf('}');
                samples.Add((line[..brace], line[brace..(close + 1)]));
            }
            else
            {
                samples.Add((line[..space], ""));
            }
        }
        return new Exposition(text, samples);
    }

    private static string Strip(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }
}
