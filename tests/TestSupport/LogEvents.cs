using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Battleship.TestSupport;

/// <summary>A log event declared with the LoggerMessage source generator: its id, its name (the method's when the attribute gives none, as the generator does) and its message.</summary>
public sealed record LogEvent(int Id, string Name, string Message);

/// <summary>The log events a project declares with the LoggerMessage source generator.</summary>
public static class LogEvents
{
    /// <summary>The events declared on the methods of <paramref name="assembly"/>'s types that <paramref name="include"/> keeps.</summary>
    public static IReadOnlyList<LogEvent> Of(Assembly assembly, Func<Type, bool>? include = null) =>
        [
            .. assembly
                .GetTypes()
                .Where(include ?? (_ => true))
                .SelectMany(t =>
                    t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                )
                .SelectMany(m =>
                    m.GetCustomAttributes<LoggerMessageAttribute>()
                        .Select(a => new LogEvent(a.EventId, string.IsNullOrEmpty(a.EventName) ? m.Name : a.EventName, a.Message))
                ),
        ];

    /// <summary>
    /// What is wrong with <paramref name="events"/>: none at all, an id outside
    /// <paramref name="first"/>–<paramref name="last"/>, or an id or a name used twice.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<LogEvent> events, int first, int last) =>
        [
            .. events.Count == 0 ? ["no log events"] : Array.Empty<string>(),
            .. events.Where(e => e.Id < first || e.Id > last).Select(e => $"{e.Name} ({e.Id}) is outside {first}-{last}"),
            .. events
                .GroupBy(e => e.Id)
                .Where(g => g.Count() > 1)
                .Select(g => $"{g.Key} is used by {string.Join(", ", g.Select(e => e.Name))}"),
        ];
}
