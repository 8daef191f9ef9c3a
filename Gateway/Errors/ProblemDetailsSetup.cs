using System.Diagnostics;

namespace Battleship.Gateway.Errors;

/// <summary>ProblemDetails for every error response, each with a <c>code</c> and a <c>traceId</c>.</summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
            {
                var problem = context.ProblemDetails;
                var status = problem.Status ?? context.HttpContext.Response.StatusCode;
                problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
                problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
                problem.Instance ??= context.HttpContext.Request.Path;
                if (context.Exception is null)
                {
                    problem.Detail ??= DefaultDetail(status);
                }
            }
        );
        services.AddExceptionHandler<GatewayExceptionHandler>();
        return services;
    }

    private static string? DefaultDetail(int status) =>
        status switch
        {
            StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
            StatusCodes.Status403Forbidden => "You may not do this.",
            StatusCodes.Status404NotFound => "There is nothing here.",
            _ => null,
        };
}
