using System.Text.Json;
using System.Text.Json.Serialization;

namespace Battleship.Load.Gateway;

/// <summary>What a scenario does (the <c>kind</c> of a scenario file).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScenarioKind>))]
public enum ScenarioKind
{
    /// <summary>Each player plays matches against an agent, closed loop: the next shot leaves as soon as the turn comes back.</summary>
    VersusAgent,

    /// <summary>Players meet in rooms (create, join, ready), spectators join, each player fires at a set pace on its own turn.</summary>
    Rooms,

    /// <summary>Rooms are created, joined, left and closed while lobby watchers receive the events.</summary>
    LobbyChurn,

    /// <summary>Matches against an agent stopped at fixed points so that PostgreSQL's WAL per move is measured early and late in a match.</summary>
    WalProbe,
}

/// <summary>
/// A load scenario, read from a JSON file (<c>ops/load/scenarios/*.json</c>) that users edit;
/// command-line options override <see cref="Players"/> and <see cref="Seconds"/>.
/// </summary>
public sealed record Scenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>A short name for reports and metric labels (letters, digits, dashes).</summary>
    public string Name { get; init; } = "";

    public ScenarioKind Kind { get; init; }

    /// <summary>A sentence for the report.</summary>
    public string Description { get; init; } = "";

    /// <summary>Players (each holds one hub connection); in <see cref="ScenarioKind.Rooms"/> an even number.</summary>
    public int Players { get; init; } = 32;

    /// <summary>Spectators (rooms: spread over the rooms; lobby churn: lobby watchers).</summary>
    public int Spectators { get; init; }

    /// <summary>Length of the measured phase.</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>Seconds of play before measuring starts (connections, first matches, JIT).</summary>
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>
    /// Rooms: the pairs open their first rooms spread evenly over this many seconds, as people
    /// arrive, instead of all at once (0). With every match started in the same second, the
    /// matches also end within seconds of each other, and that wave of ends and new rooms, not
    /// the play, is what a measured window catches; arrivals spread out keep ends and starts
    /// steady, as they are with real players.
    /// </summary>
    public int RampSeconds { get; init; }

    /// <summary>Shots per second per player on its own turn (rooms); room cycles per second per pair (lobby churn). 0: as fast as answers come.</summary>
    public double Pace { get; init; }

    /// <summary>The agent played against (<see cref="ScenarioKind.VersusAgent"/>, <see cref="ScenarioKind.WalProbe"/>); the built-in Random agent by default.</summary>
    public Guid AgentId { get; init; } = new("00000000-0000-4000-a000-000000000001");

    /// <summary>Seconds per turn before a player forfeits (long, so that a slow run is not cut short by the clock).</summary>
    public int TurnSeconds { get; init; } = 600;

    /// <summary>How many sign-ins and connections are made at once while setting up.</summary>
    public int ConnectConcurrency { get; init; } = 32;

    /// <summary>The seed of every player's shot order.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>WAL probe: the user shots of each measured window.</summary>
    public int WalWindowShots { get; init; } = 10;

    /// <summary>WAL probe: the user shot at which the late window starts.</summary>
    public int WalLateFromShot { get; init; } = 60;

    /// <summary>Reads a scenario file; <paramref name="nameOrPath"/> may also name a file of <paramref name="directory"/> without its extension.</summary>
    public static Scenario Load(string nameOrPath, string directory)
    {
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(directory, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            var known = Directory.Exists(directory)
                ? string.Join(", ", Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order())
                : "";
            throw new ArgumentException($"No scenario '{nameOrPath}' (a file, or one of: {known}).");
        }
        var scenario =
            JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Json) ?? throw new ArgumentException($"{path} holds no scenario.");
        return scenario with { Name = scenario.Name.Length > 0 ? scenario.Name : Path.GetFileNameWithoutExtension(path) };
    }

    /// <summary>Throws when the scenario cannot run.</summary>
    public Scenario Validated()
    {
        if (Players < 1 || (Kind is ScenarioKind.Rooms or ScenarioKind.LobbyChurn && Players % 2 != 0))
        {
            throw new ArgumentException($"{Name}: players must be at least 1 (an even number for {Kind}), not {Players}.");
        }
        if (Spectators < 0 || Seconds < 1 || Seconds > 3600 || WarmupSeconds < 0 || RampSeconds < 0 || Pace < 0 || ConnectConcurrency < 1)
        {
            throw new ArgumentException(
                $"{Name}: spectators ≥ 0, 1 ≤ seconds ≤ 3600, warmupSeconds ≥ 0, rampSeconds ≥ 0, pace ≥ 0, connectConcurrency ≥ 1."
            );
        }
        return this;
    }

    public int Connections => Players + Spectators;
}
