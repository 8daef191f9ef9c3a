using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Battleship.TestSupport;

/// <summary>The log events a project declares with the LoggerMessage source generator.</summary>
public static class LogEvents
{
    /// <summary>The <see cref="LoggerMessageAttribute"/>s on the methods of <paramref name="assembly"/>'s types that <paramref name="include"/> keeps.</summary>
    public static IReadOnlyList<LoggerMessageAttribute> Of(Assembly assembly, Func<Type, bool>? include = null) =>
        [
            .. assembly
                .GetTypes()
                .Where(include ?? (_ => true))
                .SelectMany(t =>
                    t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                )
                .SelectMany(m => m.GetCustomAttributes<LoggerMessageAttribute>()),
        ];

    /// <summary>
    /// What is wrong with <paramref name="events"/>: none at all, an event without a name, an id
    /// outside <paramref name="first"/>–<paramref name="last"/>, or an id used twice.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<LoggerMessageAttribute> events, int first, int last) =>
        [
            .. events.Count == 0 ? ["no log events"] : Array.Empty<string>(),
            .. events.Where(e => string.IsNullOrEmpty(e.EventName)).Select(e => $"no event name: {e.Message}"),
            .. events
                .Where(e => e.EventId < first || e.EventId > last)
                .Select(e => $"{e.EventName} ({e.EventId}) is outside {first}-{last}"),
            .. events
                .GroupBy(e => e.EventId)
                .Where(g => g.Count() > 1)
                .Select(g => $"{g.Key} is used by {string.Join(", ", g.Select(e => e.EventName))}"),
        ];
}
