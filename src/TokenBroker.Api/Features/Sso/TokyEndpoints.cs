using System.Text.Json;
using System.Text.Json.Serialization;
using TokenBroker.Api.Features.Brokered;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Sso;

/// <summary>Toky's code exchange body (snake_case, as Toky's SDK sends it).</summary>
public sealed record TokyCodeRequest(
    [property: JsonPropertyName("grant_type")] string? GrantType,
    [property: JsonPropertyName("authorization_code")] string? AuthorizationCode,
    [property: JsonPropertyName("redirect_url")] string? RedirectUrl,
    [property: JsonPropertyName("code_verifier")] string? CodeVerifier);

/// <summary>
/// Toky-style <c>/v1/access_token</c> and <c>/v1/access_token/refresh</c>: the same grants as
/// /oauth2/token, with the app identified by the code or refresh token and proven by App-Secret
/// (public apps omit it and rely on PKCE).
/// </summary>
public static class TokyEndpoints
{
    public static async Task<IResult> ExchangeAsync(HttpContext context, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        OAuthError.NoStore(context.Response);
        if (!context.Request.HasJsonContentType())
        {
            return new OAuthError(OAuthError.InvalidRequest, "This route takes an application/json body.", StatusCodes.Status415UnsupportedMediaType).ToResult(context);
        }

        TokyCodeRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<TokyCodeRequest>(cancellationToken);
        }
        catch (JsonException)
        {
            return OAuthError.Request("The body is not valid JSON of the expected shape.").ToResult(context);
        }

        if (request is null || request.GrantType != "code")
        {
            return new OAuthError(OAuthError.UnsupportedGrantType, "grant_type must be \"code\".").ToResult(context);
        }

        if (string.IsNullOrEmpty(request.AuthorizationCode) || request.AuthorizationCode.Length > 512)
        {
            return OAuthError.Request("authorization_code is required.").ToResult(context);
        }

        var appId = await AuthorizationCodes.FindAppAsync(db, request.AuthorizationCode, cancellationToken);
        var client = await AuthenticateAsync(context, appId, cancellationToken);
        if (client.App is not { } app)
        {
            return client.Error!.ToResult(context);
        }

        var result = await TokenExchange.ExchangeCodeAsync(context, app, request.AuthorizationCode, request.RedirectUrl, request.CodeVerifier, cancellationToken);
        return result.Error is { } error ? error.ToResult(context) : TypedResults.Ok(result.Tokens);
    }

    public static async Task<IResult> RefreshAsync(HttpContext context, StoreReaders readers, CancellationToken cancellationToken)
    {
        OAuthError.NoStore(context.Response);
        if (await OAuthForms.ReadAsync(context, cancellationToken) is not { } form)
        {
            return OAuthForms.UnsupportedMediaType(context);
        }

        if (OAuthForms.RepeatedParameter(form) is { } repeated)
        {
            return repeated.ToResult(context);
        }

        if (form["grant_type"] != "refresh_token")
        {
            return new OAuthError(OAuthError.UnsupportedGrantType, "grant_type must be refresh_token.").ToResult(context);
        }

        var token = form["token"].ToString();
        if (token.Length is 0 or > 512)
        {
            return OAuthError.Request("token is required.").ToResult(context);
        }

        var appId = RefreshTokens.Find(readers, token)?.AppId;
        var client = await AuthenticateAsync(context, appId, cancellationToken);
        if (client.App is not { } app)
        {
            return client.Error!.ToResult(context);
        }

        var result = await TokenExchange.RefreshAsync(context, app, token, null, cancellationToken);
        return result.Error is { } error ? error.ToResult(context) : TypedResults.Ok(result.Tokens);
    }

    /// <summary>An unknown code or token is invalid_grant; a known one must come with its app's secret unless the app is public.</summary>
    private static async Task<ClientResult> AuthenticateAsync(HttpContext context, string? appId, CancellationToken cancellationToken)
    {
        var app = appId is null ? null : await context.RequestServices.GetRequiredService<AppCache>().GetAsync(appId, cancellationToken);
        if (app is null)
        {
            return new ClientResult(null, OAuthError.Grant("The authorization code or refresh token is invalid or expired."));
        }

        var presented = context.Request.Headers[CreateBrokeredToken.AppSecretHeader];
        if (presented.Count == 0)
        {
            return app.PublicClient ? new ClientResult(app, null) : new ClientResult(null, OAuthError.Client("The App-Secret header is required."));
        }

        return presented.Count == 1 && Secret.Matches(presented[0], app.SecretHash)
            ? new ClientResult(app, null)
            : new ClientResult(null, OAuthError.Client("The App-Secret is not this app's secret."));
    }
}
