using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Errors;

/// <summary>
/// The error codes the gateway reports (the <c>code</c> of a ProblemDetails body and the prefix of
/// a hub error): every <see cref="ErrorCode"/> of the grains, plus the gateway's own.
/// </summary>
internal static class ErrorCodes
{
    /// <summary>No valid bearer token came with the request.</summary>
    public const string Unauthenticated = "Unauthenticated";

    /// <summary>The caller is known but may not do this.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>Too many requests; see the Retry-After header.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>The request body is larger than the gateway accepts.</summary>
    public const string PayloadTooLarge = "PayloadTooLarge";

    /// <summary>The route exists but not with this method.</summary>
    public const string MethodNotAllowed = "MethodNotAllowed";

    /// <summary>Something failed that the caller cannot fix.</summary>
    public const string InternalError = "InternalError";

    /// <summary>The HTTP status of a grain's refusal.</summary>
    public static int StatusOf(ErrorCode code) =>
        code switch
        {
            ErrorCode.NotFound => StatusCodes.Status404NotFound,
            ErrorCode.Validation or ErrorCode.InvalidPlacement or ErrorCode.OutOfBounds => StatusCodes.Status400BadRequest,
            ErrorCode.NotAMember or ErrorCode.NotOwner => StatusCodes.Status403Forbidden,
            ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
            ErrorCode.InvalidTransition
            or ErrorCode.RoomFull
            or ErrorCode.NotYourTurn
            or ErrorCode.AlreadyFired
            or ErrorCode.GameOver
            or ErrorCode.FleetsNotPlaced
            or ErrorCode.FleetAlreadyPlaced
            or ErrorCode.StaleTurn
            or ErrorCode.MatchNotFinished => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };

    /// <summary>The code reported with a status the gateway produced itself (not a grain refusal).</summary>
    public static string ForStatus(int status) =>
        status switch
        {
            StatusCodes.Status400BadRequest => nameof(ErrorCode.Validation),
            StatusCodes.Status401Unauthorized => Unauthenticated,
            StatusCodes.Status403Forbidden => Forbidden,
            StatusCodes.Status404NotFound => nameof(ErrorCode.NotFound),
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
            StatusCodes.Status409Conflict => nameof(ErrorCode.InvalidTransition),
            StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
            StatusCodes.Status429TooManyRequests => RateLimited,
            StatusCodes.Status503ServiceUnavailable => nameof(ErrorCode.Unavailable),
            _ => InternalError,
        };
}
