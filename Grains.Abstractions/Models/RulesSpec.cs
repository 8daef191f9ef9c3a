using System.Collections.Concurrent;
using Battleship.Engine;

namespace Battleship.Grains.Models;

/// <summary>One ship of a fleet on the wire.</summary>
[GenerateSerializer, Immutable, Alias("battleship.ship-spec")]
public sealed record ShipSpecView([property: Id(0)] ShipType Type, [property: Id(1)] int Length);

/// <summary>The wire form of <see cref="GameRules"/>: board, fleet and options.</summary>
[GenerateSerializer, Immutable, Alias("battleship.rules")]
public sealed record RulesSpec(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Columns,
    [property: Id(2)] IReadOnlyList<ShipSpecView> Fleet,
    [property: Id(3)] bool ShipsMayTouch,
    [property: Id(4)] bool HitKeepsTurn
)
{
    private static readonly ConcurrentDictionary<string, GameRules> Cache = new(StringComparer.Ordinal);

    /// <summary>The standard game.</summary>
    public static RulesSpec Standard { get; } = WithStandardCached(From(GameRules.Standard));

    /// <summary>The wire form of <paramref name="rules"/>.</summary>
    public static RulesSpec From(GameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(
            rules.Rows,
            rules.Columns,
            [.. rules.Fleet.Select(s => new ShipSpecView(s.Type, s.Length))],
            rules.ShipsMayTouch,
            rules.HitKeepsTurn
        );
    }

    /// <summary>The engine's rules (one shared instance per distinct spec); a spec the engine refuses is a validation error.</summary>
    public GameRules ToRules()
    {
        var key = Key;
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        if (Cache.Count >= MaxVariants)
        {
            throw new BattleshipException(ErrorCode.Validation, "Too many distinct rule variants are in use.");
        }
        try
        {
            return Cache.GetOrAdd(
                key,
                _ => new GameRules(Rows, Columns, Fleet.Select(s => new ShipSpec(s.Type, s.Length)), ShipsMayTouch, HitKeepsTurn)
            );
        }
        catch (ArgumentException e)
        {
            throw new BattleshipException(ErrorCode.Validation, e.Message);
        }
    }

    private const int MaxVariants = 256;

    private string Key => $"{Rows}x{Columns}:{string.Join(',', Fleet.Select(s => $"{s.Type}{s.Length}"))}:{ShipsMayTouch}:{HitKeepsTurn}";

    private static RulesSpec WithStandardCached(RulesSpec spec)
    {
        Cache[spec.Key] = GameRules.Standard;
        return spec;
    }
}
