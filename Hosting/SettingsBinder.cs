using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Battleship.Hosting;

/// <summary>
/// Binds an options class from its section and runs its validator before the host is built, turning
/// either failure into one <see cref="InvalidOperationException"/> that names the key, its environment
/// variable and what was expected.
/// </summary>
internal static class SettingsBinder
{
    public static T Read<T>(
        IConfiguration configuration,
        string sectionName,
        IValidateOptions<T> validator,
        IPostConfigureOptions<T>? fallback = null
    )
        where T : class, new()
    {
        var settings = new T();
        Bind(configuration.GetSection(sectionName), settings);
        fallback?.PostConfigure(Options.DefaultName, settings);
        var result = validator.Validate(Options.DefaultName, settings);
        return result.Failed ? throw new InvalidOperationException(result.FailureMessage) : settings;
    }

    /// <summary>
    /// Binds <paramref name="section"/> to <paramref name="settings"/> the way every Battleship setting
    /// reads: values are trimmed, and a blank value (an environment variable set to nothing) keeps the
    /// default. A value that cannot be converted fails naming its key and environment variable.
    /// </summary>
    public static void Bind<T>(IConfigurationSection section, T settings)
        where T : class, new()
    {
        var given = section
            .AsEnumerable(makePathsRelative: true)
            .Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
            .Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value!.Trim()))
            .ToList();
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(given).Build().Bind(settings);
        }
        catch (InvalidOperationException)
        {
            throw Unbindable<T>(section, given);
        }
    }

    /// <summary>"Configuration 'A:B' (environment variable A__B) is 'x'; expected y."</summary>
    public static string Invalid(string key, string? value, string expected) =>
        $"Configuration '{key}' (environment variable {EnvironmentName(key)}) is '{value}'; expected {expected}.";

    /// <summary>The environment variable that sets a configuration key.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    // The binder's own message names the key but not its environment variable: find the key that
    // cannot be converted by binding each one alone, and say what its property expects.
    private static InvalidOperationException Unbindable<T>(IConfigurationSection section, List<KeyValuePair<string, string?>> given)
        where T : class, new()
    {
        foreach (var (key, value) in given.Where(kv => !kv.Key.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)))
        {
            var alone = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, value)]).Build();
            try
            {
                alone.Bind(new T());
            }
            catch (InvalidOperationException)
            {
                var property = typeof(T).GetProperty(
                    key,
                    System.Reflection.BindingFlags.IgnoreCase
                        | System.Reflection.BindingFlags.Public
                        | System.Reflection.BindingFlags.Instance
                );
                return new InvalidOperationException(
                    Invalid(ConfigurationPath.Combine(section.Path, key), value, Expected(property?.PropertyType))
                );
            }
        }
        return new InvalidOperationException($"Configuration section '{section.Path}' cannot be read.");
    }

    private static string Expected(Type? type) =>
        type switch
        {
            { IsEnum: true } => string.Join(" or ", Enum.GetNames(type)),
            not null when type == typeof(int) => "a whole number",
            not null when type == typeof(bool) => "true or false",
            not null => string.Create(CultureInfo.InvariantCulture, $"a {type.Name}"),
            null => "a known setting",
        };
}
