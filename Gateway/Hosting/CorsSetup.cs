namespace Battleship.Gateway.Hosting;

/// <summary>CORS: only the origins listed in <c>Cors:AllowedOrigins</c>; none when the list is empty.</summary>
internal static class CorsSetup
{
    public const string SectionName = "Cors";

    public static IServiceCollection AddGatewayCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection($"{SectionName}:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options =>
            options.AddDefaultPolicy(policy =>
            {
                if (origins.Length > 0)
                {
                    policy
                        .WithOrigins(origins)
                        .AllowAnyHeader()
                        .AllowAnyMethod()
                        .AllowCredentials()
                        .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate");
                }
            })
        );
        return services;
    }
}
