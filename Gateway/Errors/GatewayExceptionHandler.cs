using System.Globalization;
using Battleship.Db.Archive;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Errors;

/// <summary>
/// Turns every exception that leaves an endpoint into a ProblemDetails response: a grain's
/// refusal keeps its code and message; a cluster that stays unreachable after the retries, or a
/// database that is away, is 503 with <c>Retry-After</c>; a malformed request is 400; anything
/// else is a 500 that reveals nothing of the server. Refusals and faults are logged as
/// <see cref="FailureLog"/> says.
/// </summary>
internal sealed class GatewayExceptionHandler(IProblemDetailsService problems, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var answer = Describe(exception);
        var (status, code, detail) = answer;
        FailureLog.Request(logger, exception, answer, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Detail = detail,
                    Extensions = { ["code"] = code },
                },
            }
        );
    }

    /// <summary>
    /// What a 503 tells the client to wait before trying again, in seconds: a silo's failover and
    /// a database's restart both take a few seconds (docs/cluster.md).
    /// </summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The status, code and caller-safe message of an exception.</summary>
    public static (int Status, string Code, string? Detail) Describe(Exception exception) =>
        exception switch
        {
            BattleshipException refused => (ErrorCodes.StatusOf(refused.Code), refused.Code.ToString(), refused.Message),
            BadHttpRequestException bad => (
                bad.StatusCode,
                ErrorCodes.ForStatus(bad.StatusCode),
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : bad.Message
            ),
            // A cancellation reaching here is not the caller's (theirs ends the request before):
            // Orleans gave up on a message during a failover ("expired before placement").
            OrleansMessageRejectionException
            or Orleans.Runtime.Messaging.ConnectionFailedException
            or TimeoutException
            or OperationCanceledException => (
                StatusCodes.Status503ServiceUnavailable,
                nameof(ErrorCode.Unavailable),
                "The game cluster is not reachable right now; try again shortly."
            ),
            _ when Cluster.ClusterErrors.IsNoSiloHosting(exception) => (
                StatusCodes.Status503ServiceUnavailable,
                nameof(ErrorCode.Unavailable),
                "No game silo of the cluster is up right now; try again shortly."
            ),
            _ when ArchiveErrors.IsOutage(exception) => (
                StatusCodes.Status503ServiceUnavailable,
                nameof(ErrorCode.Unavailable),
                "The game's database is not reachable right now; try again shortly."
            ),
            _ => (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred."),
        };
}
