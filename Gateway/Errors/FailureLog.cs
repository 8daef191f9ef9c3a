namespace Battleship.Gateway.Errors;

/// <summary>
/// How the gateway logs a request or hub call that failed. A refusal the caller caused (any answer
/// below 500: a shot out of turn, a stale turn, a bad page size, a rate limit) is expected, so it is
/// one Information record with its code and the message the caller got, without the exception or
/// its stack; a fault (500 and 503: <c>Unavailable</c>, an unknown exception) is an Error with the
/// exception. The caller's message never holds more than the caller may see, so the log holds no
/// more either.
/// </summary>
internal static partial class FailureLog
{
    /// <summary>Logs the failure, answered as <paramref name="answer"/> (<see cref="GatewayExceptionHandler.Describe"/>), of the request <paramref name="method"/> <paramref name="path"/>.</summary>
    public static void Request(
        ILogger logger,
        Exception exception,
        (int Status, string Code, string? Detail) answer,
        string method,
        string path
    )
    {
        var (status, code, detail) = answer;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            RequestFailed(logger, exception, method, path, code);
        }
        else
        {
            RequestRefused(logger, method, path, code, detail);
        }
    }

    /// <summary>Logs the failure, answered as <paramref name="answer"/>, of the hub method <paramref name="hubMethod"/>.</summary>
    public static void HubCall(ILogger logger, Exception exception, (int Status, string Code, string? Detail) answer, string hubMethod)
    {
        var (status, code, detail) = answer;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            HubCallFailed(logger, exception, hubMethod, code);
        }
        else
        {
            HubCallRefused(logger, hubMethod, code, detail);
        }
    }

    /// <summary>Logs a hub call that a filter refused with its own <c>"Code: detail"</c> message (a rate limit).</summary>
    public static void HubCallRefused(ILogger logger, string hubMethod, string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        HubCallRefused(
            logger,
            hubMethod,
            colon > 0 ? message[..colon] : ErrorCodes.InternalError,
            colon > 0 ? message[(colon + 2)..] : message
        );
    }

    [LoggerMessage(3001, LogLevel.Information, "{Method} {Path} refused: {Code}: {Detail}")]
    private static partial void RequestRefused(ILogger logger, string method, string path, string code, string? detail);

    [LoggerMessage(3002, LogLevel.Error, "{Method} {Path} failed: {Code}")]
    private static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, string code);

    [LoggerMessage(3003, LogLevel.Information, "Hub method {HubMethod} refused: {Code}: {Detail}")]
    private static partial void HubCallRefused(ILogger logger, string hubMethod, string code, string? detail);

    [LoggerMessage(3004, LogLevel.Error, "Hub method {HubMethod} failed: {Code}")]
    private static partial void HubCallFailed(ILogger logger, Exception exception, string hubMethod, string code);
}
