using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>The RFC 6749 §5.2 error body, used on /oauth2/* and the Toky-style /v1/access_token routes.</summary>
public sealed record OAuthErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>An OAuth protocol error with its HTTP status (RFC 6749 §4.1.2.1, §5.2; RFC 7009; RFC 7662).</summary>
public sealed record OAuthError(string Error, string Description, int Status = StatusCodes.Status400BadRequest)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string InvalidScope = "invalid_scope";
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ServerError = "server_error";

    /// <summary>Paths that answer errors in this dialect (CONTRACT §1).</summary>
    public static bool IsOAuthPath(PathString path) =>
        path.StartsWithSegments("/oauth2/token") || path.StartsWithSegments("/oauth2/revoke")
        || path.StartsWithSegments("/oauth2/introspect") || path.StartsWithSegments("/v1/access_token");

    public static OAuthError Request(string description) => new(InvalidRequest, description);

    public static OAuthError Grant(string description) => new(InvalidGrant, description);

    public static OAuthError Client(string description) => new(InvalidClient, description, StatusCodes.Status401Unauthorized);

    /// <summary>The error code for a status the framework produced on an OAuth path.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => InvalidClient,
        >= 500 => ServerError,
        _ => InvalidRequest,
    };

    public JsonHttpResult<OAuthErrorBody> ToResult(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        NoStore(context.Response);
        return TypedResults.Json(new OAuthErrorBody(Error, Description), statusCode: Status);
    }

    /// <summary>RFC 6749 §5.1: token responses, success or error, must not be cached.</summary>
    public static void NoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
