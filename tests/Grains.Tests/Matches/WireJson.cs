using System.Text.Json;
using System.Text.Json.Nodes;

namespace Battleship.Grains.Tests.Matches;

/// <summary>Views and events as JSON with the web defaults, the way the gateway sends them on.</summary>
internal static class WireJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Text(object value) => JsonSerializer.Serialize(value, Options);

    public static JsonNode Node(object value) => JsonNode.Parse(Text(value))!;
}
