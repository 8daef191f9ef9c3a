using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Battleship.Gateway.Web;

/// <summary>
/// Serves the built web client (<c>Client/dist</c> by default, <c>Client:RootPath</c>) as static
/// files, anonymously, and answers any other <c>GET</c> of a page path with its <c>index.html</c>
/// (the SPA fallback; a missing file such as <c>/assets/x.js</c> is a 404). The fallback never matches the server's own prefixes (<see cref="ReservedPrefixes"/>),
/// so an unknown <c>/api/...</c> route stays a ProblemDetails 404.
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

    /// <summary>Registers the client's options (section <c>Client</c>).</summary>
    public static IHostApplicationBuilder AddClientHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientOptions>().BindConfiguration(ClientOptions.SectionName);
        builder.Services.AddSingleton<ClientBundle>();
        return builder;
    }

    /// <summary>Serves the bundle's files (before authentication: they are public) when the bundle exists.</summary>
    public static WebApplication UseClientFiles(this WebApplication app)
    {
        var bundle = app.Services.GetRequiredService<ClientBundle>();
        if (bundle.Files is null)
        {
            LogNoBundle(app.Logger, bundle.RootPath);
            return app;
        }
        app.UseStaticFiles(
            new StaticFileOptions
            {
                FileProvider = bundle.Files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context =>
                    context.Context.Response.Headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments(
                        "/assets",
                        StringComparison.Ordinal
                    )
                        ? "public, max-age=31536000, immutable" // file names carry a content hash
                        : "no-cache",
            }
        );
        return app;
    }

    /// <summary>Maps the SPA fallback: <c>GET</c> of any page path outside <see cref="ReservedPrefixes"/> answers <c>index.html</c>.</summary>
    public static IEndpointRouteBuilder MapClientFallback(this IEndpointRouteBuilder endpoints)
    {
        var pattern = RoutePatternFactory.Parse("{*path}", defaults: null, parameterPolicies: new { path = new ClientRouteConstraint() });
        endpoints
            .Map(pattern, ServeIndexAsync)
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

    private static async Task ServeIndexAsync(HttpContext context)
    {
        var bundle = context.RequestServices.GetRequiredService<ClientBundle>();
        var index = bundle.Files?.GetFileInfo(IndexFile);
        if (index is null || !index.Exists || IsFilePath(context.Request.Path.Value ?? ""))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.ContentLength = index.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No web client bundle at {Path}; run `make web-build` to serve it")]
    private static partial void LogNoBundle(ILogger logger, string path);

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
    /// <summary>The configuration section.</summary>
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

    /// <summary>The folder's absolute path.</summary>
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
