using Microsoft.Extensions.Options;

namespace Battleship.Hosting;

/// <summary>Which cluster a host belongs to (section <c>Battleship:Cluster</c>).</summary>
public sealed record ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship:Cluster";

    /// <summary>The id used for both when none is configured.</summary>
    public const string DefaultId = "battleship";

    /// <summary>The deployment: silos and clients with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>The service: stays the same across deployments; part of every grain state and reminder key.</summary>
    public string ServiceId { get; set; } = DefaultId;
}

/// <summary>Both ids must be set (a blank value in configuration keeps the default).</summary>
internal sealed class ClusterSettingsValidator : IValidateOptions<ClusterSettings>
{
    public ValidateOptionsResult Validate(string? name, ClusterSettings options)
    {
        var builder = new ValidateOptionsResultBuilder();
        foreach (var (key, value) in new[] { ("ClusterId", options.ClusterId), ("ServiceId", options.ServiceId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                builder.AddError(SettingsBinder.Invalid($"{ClusterSettings.SectionName}:{key}", value, "a name"));
            }
        }
        return builder.Build();
    }
}
