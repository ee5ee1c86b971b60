using System.Net.Http.Headers;
using System.Text;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Sso;

/// <summary>How a client presented itself: client_secret_basic, client_secret_post, or client_id alone (public).</summary>
public sealed record ClientCredentials(string? ClientId, string? Secret, bool UsedBasic);

/// <summary>An authenticated client, or the OAuth error to answer.</summary>
public sealed record ClientResult(AppSnapshot? App, OAuthError? Error);

public static class ClientAuthentication
{
    /// <summary>Reads the client's credentials from the Authorization header or the form (RFC 6749 §2.3.1).</summary>
    public static OAuthError? TryRead(HttpRequest request, IFormCollection form, out ClientCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(form);
        credentials = new ClientCredentials(NonEmpty(form["client_id"]), NonEmpty(form["client_secret"]), false);
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // RFC 6749 §2.3: a client must not use more than one authentication method.
        if (credentials.Secret is not null)
        {
            return OAuthError.Request("Use either HTTP Basic or client_secret in the body, not both.");
        }

        if (!TryDecodeBasic(header.Parameter, out var id, out var secret) || (credentials.ClientId is not null && credentials.ClientId != id))
        {
            return new OAuthError(OAuthError.InvalidClient, "Malformed HTTP Basic client credentials.", StatusCodes.Status401Unauthorized);
        }

        credentials = new ClientCredentials(id, secret, true);
        return null;
    }

    /// <summary>
    /// Authenticates the client. A confidential app must prove its secret; a public app is identified
    /// by client_id alone where something else proves it (PKCE at the token endpoint, RFC 7009 §5 for
    /// revocation) and must use its secret where nothing does (<paramref name="allowPublic"/> false).
    /// </summary>
    public static async Task<ClientResult> AuthenticateAsync(HttpContext context, ClientCredentials credentials, CancellationToken cancellationToken, bool allowPublic = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(credentials);
        var app = credentials.ClientId is { Length: <= Limits.Id } id
            ? await context.RequestServices.GetRequiredService<AppCache>().GetAsync(id, cancellationToken)
            : null;
        var authenticated = app is not null && (credentials.Secret is null ? app.PublicClient && allowPublic : Secret.Matches(credentials.Secret, app.SecretHash));
        if (authenticated)
        {
            return new ClientResult(app, null);
        }

        // RFC 6749 §5.2: with HTTP Basic the 401 carries a Basic challenge.
        if (credentials.UsedBasic)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"tokenbroker\"";
        }

        var reason = credentials.ClientId is null ? "Client authentication is required."
            : app is null ? "Unknown client."
            : credentials.Secret is null ? "This client must authenticate with its secret here."
            : "Client authentication failed.";
        return new ClientResult(null, OAuthError.Client(reason));
    }

    private static bool TryDecodeBasic(string? parameter, out string id, out string secret)
    {
        id = secret = "";
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
            id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            return id.Length > 0 && secret.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 1 && value[0] is { Length: > 0 } s ? s : null;
}
