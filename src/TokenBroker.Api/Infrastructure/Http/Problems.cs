using Microsoft.AspNetCore.Http.HttpResults;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>RFC 9457 problem responses with the contract's machine-readable <c>error</c> member.</summary>
public static class Problems
{
    public const string InvalidRequest = "invalid_request";
    public const string UnauthorizedCode = "unauthorized";
    public const string ForbiddenCode = "forbidden";
    public const string NotFoundCode = "not_found";
    public const string ConflictCode = "conflict";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string NotReady = "not_ready";
    public const string ServerError = "server_error";
    public const string InvalidToken = "invalid_token";
    public const string TokenUsed = "token_used";
    public const string TokenExpired = "token_expired";
    public const string NotConfigured = "not_configured";

    public static ProblemHttpResult Unauthorized(string detail, string code = UnauthorizedCode) => Create(StatusCodes.Status401Unauthorized, code, detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, ForbiddenCode, detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, NotFoundCode, detail);

    public static ProblemHttpResult Conflict(string detail, string code = ConflictCode) => Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, InvalidRequest, detail);

    public static ProblemHttpResult Create(int status, string error, string detail) =>
        TypedResults.Problem(
            statusCode: status,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["error"] = error });

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: "One or more fields are invalid.",
            extensions: new Dictionary<string, object?> { ["error"] = InvalidRequest });

    /// <summary>The machine code for a bare status, used when the framework produced the error.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status401Unauthorized => UnauthorizedCode,
        StatusCodes.Status403Forbidden => ForbiddenCode,
        StatusCodes.Status404NotFound => NotFoundCode,
        StatusCodes.Status405MethodNotAllowed => InvalidRequest,
        StatusCodes.Status409Conflict => ConflictCode,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => NotReady,
        _ => status >= 500 ? ServerError : InvalidRequest,
    };
}
