using TokenBroker.Api.Infrastructure.Http;

namespace TokenBroker.Api.Features.Sso;

/// <summary><c>POST /oauth2/token</c> (RFC 6749 §3.2): form-encoded, client-authenticated, never cached.</summary>
public static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
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

        if (ClientAuthentication.TryRead(context.Request, form, out var credentials) is { } malformed)
        {
            return malformed.ToResult(context);
        }

        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
        {
            return OAuthError.Request("grant_type is required.").ToResult(context);
        }

        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            return new OAuthError(OAuthError.UnsupportedGrantType, "Supported grant types: authorization_code, refresh_token.").ToResult(context);
        }

        var client = await ClientAuthentication.AuthenticateAsync(context, credentials, cancellationToken);
        if (client.App is not { } app)
        {
            return client.Error!.ToResult(context);
        }

        var result = grantType == "authorization_code"
            ? await TokenExchange.ExchangeCodeAsync(context, app, form["code"], NullIfEmpty(form["redirect_uri"]), NullIfEmpty(form["code_verifier"]), cancellationToken)
            : await TokenExchange.RefreshAsync(context, app, form["refresh_token"], NullIfEmpty(form["scope"]), cancellationToken);
        return result.Error is { } error ? error.ToResult(context) : TypedResults.Ok(result.Tokens);
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || value[0] is "" ? null : value[0];
}

/// <summary>Form handling shared by the OAuth routes.</summary>
public static class OAuthForms
{
    /// <summary>The form, or null when the body is not application/x-www-form-urlencoded (CONTRACT §1: 415).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentType is not { } type
            || !type.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static IResult UnsupportedMediaType(HttpContext context) =>
        new OAuthError(OAuthError.InvalidRequest, "This route takes an application/x-www-form-urlencoded body.", StatusCodes.Status415UnsupportedMediaType).ToResult(context);

    /// <summary>RFC 6749 §3.2: request parameters must not be included more than once.</summary>
    public static OAuthError? RepeatedParameter(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var repeated = form.FirstOrDefault(p => p.Value.Count > 1).Key;
        return repeated is null ? null : OAuthError.Request($"The parameter {repeated} was sent more than once.");
    }
}
