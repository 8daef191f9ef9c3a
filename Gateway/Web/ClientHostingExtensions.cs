using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Battleship.Gateway.Web;

/// <summary>
/// Serves the built web client (<c>Client/dist</c> by default, <c>Client:RootPath</c>) anonymously
/// through one lowest-priority endpoint: a path naming a file answers that file (a missing one is
/// a 404), any other <c>GET</c> answers <c>index.html</c> (the SPA fallback, so client routes such as
/// <c>/match/{id}</c> load the app). The endpoint never matches the server's own prefixes
/// (<see cref="ReservedPrefixes"/>): an unknown <c>/api/...</c> route stays the API's answer.
/// </summary>
internal static partial class ClientHostingExtensions
{
    /// <summary>The first path segments that belong to the server, never to the client.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes =
    [
        "api",
        "hubs",
        "auth",
        "health",
        "status",
        "docs",
        "openapi",
        "dashboard",
    ];

    private const string IndexFile = "index.html";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Registers the client's options (section <c>Client</c>).</summary>
    public static IHostApplicationBuilder AddClientHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientOptions>().BindConfiguration(ClientOptions.SectionName);
        builder.Services.AddSingleton<ClientBundle>();
        return builder;
    }

    /// <summary>Maps the bundle's endpoint: <c>GET</c>/<c>HEAD</c> of any path outside <see cref="ReservedPrefixes"/>, after every other endpoint.</summary>
    public static IEndpointRouteBuilder MapClientFallback(this IEndpointRouteBuilder endpoints)
    {
        var bundle = endpoints.ServiceProvider.GetRequiredService<ClientBundle>();
        if (bundle.Files is null)
        {
            var logger = endpoints.ServiceProvider.GetRequiredService<ILogger<ClientBundle>>();
            NoClientBundle(logger, bundle.RootPath);
        }
        var pattern = RoutePatternFactory.Parse("{*path}", defaults: null, parameterPolicies: new { path = new ClientRouteConstraint() });
        endpoints
            .Map(pattern, ServeAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription()
            .Add(b =>
            {
                ((RouteEndpointBuilder)b).Order = int.MaxValue; // after every real endpoint
                b.DisplayName = "Web client fallback";
            });
        return endpoints;
    }

    /// <summary>Whether a request path (without the leading slash) belongs to the client rather than to a server route.</summary>
    public static bool IsClientPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return true;
        }
        var first = path.Split('/', 2)[0];
        return !ReservedPrefixes.Contains(first, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a client path names a file (its last segment has an extension): a missing file is a 404, not the page.</summary>
    public static bool IsFilePath(string path) => path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal);

    private static async Task ServeAsync(HttpContext context)
    {
        var bundle = context.RequestServices.GetRequiredService<ClientBundle>();
        var path = context.Request.Path.Value ?? "/";
        var file = IsFilePath(path) ? bundle.Files?.GetFileInfo(path) : bundle.Files?.GetFileInfo(IndexFile);
        if (file is null || !file.Exists || file.IsDirectory)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        if (file.Name == IndexFile)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
        }
        context.Response.Headers[HeaderNames.CacheControl] = path.StartsWith("/assets/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable" // the file names carry a content hash
            : "no-cache";
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await context.Response.SendFileAsync(file, context.RequestAborted);
    }

    [LoggerMessage(3301, LogLevel.Information, "No web client bundle at {Path}; run `make web-build` to serve it")]
    private static partial void NoClientBundle(ILogger logger, string path);

    private sealed class ClientRouteConstraint : IRouteConstraint
    {
        public bool Match(
            HttpContext? httpContext,
            IRouter? route,
            string routeKey,
            RouteValueDictionary values,
            RouteDirection routeDirection
        ) =>
            IsClientPath(
                values.TryGetValue(routeKey, out var value)
                    ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
                    : null
            );
    }
}

/// <summary>Where the built web client lives and what the browser needs to know (section <c>Client</c>).</summary>
internal sealed class ClientOptions
{
    public const string SectionName = "Client";

    /// <summary>
    /// The folder of the built bundle, absolute or relative to the content root. When empty, the
    /// first <c>Client/dist</c> found in the content root, the gateway's own folder or one of their parents.
    /// </summary>
    public string? RootPath { get; set; }

    /// <summary>The Auth0 application's client id (the SPA), when the gateway accepts Auth0 tokens.</summary>
    public string? Auth0ClientId { get; set; }

    /// <summary>Where the browser exports its traces over OTLP/HTTP (for example <c>http://localhost:4318/v1/traces</c>); off when empty.</summary>
    public string? OtlpTracesEndpoint { get; set; }
}

/// <summary>The built bundle's folder, resolved once against the content root.</summary>
internal sealed class ClientBundle
{
    /// <summary>Resolves the folder named by <see cref="ClientOptions.RootPath"/>.</summary>
    public ClientBundle(IOptions<ClientOptions> options, IHostEnvironment environment)
    {
        RootPath = string.IsNullOrWhiteSpace(options.Value.RootPath)
            ? Find(environment.ContentRootPath)
                ?? Find(AppContext.BaseDirectory)
                ?? Path.GetFullPath(DefaultFolder, environment.ContentRootPath)
            : Path.GetFullPath(options.Value.RootPath, environment.ContentRootPath);
        Files = Directory.Exists(RootPath) ? new PhysicalFileProvider(RootPath) : null;
    }

    public string RootPath { get; }

    /// <summary>The bundle's files, or null when the folder does not exist.</summary>
    public IFileProvider? Files { get; }

    private static string DefaultFolder => Path.Combine("Client", "dist");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFolder);
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }
        return null;
    }
}
