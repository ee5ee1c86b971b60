using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>RFC 6749 §5.1 token response (snake_case, as on every OAuth route).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdToken);

/// <summary>What a token is issued for: the user, their role in the app, and the grant's scope.</summary>
public sealed record SsoGrant(AppSnapshot App, GrantUser User, RoleSnapshot Role, string Scope, string? Nonce, DateTimeOffset AuthTime, string FamilyId);

/// <summary>The random parts of one grant's tokens (<see cref="SsoTokenIssuer.Draw"/>).</summary>
public readonly record struct TokenDraw(DateTimeOffset Now, IssuedSecret RefreshToken, string AccessTokenJti);

/// <summary>A grant's tokens between <see cref="SsoTokenIssuer.Prepare"/> and <see cref="SsoTokenIssuer.Sign"/>: the refresh token's value and stored row.</summary>
public sealed record PendingTokens(SsoGrant Grant, DateTimeOffset IssuedAt, TimeSpan Lifetime, string RefreshToken, RefreshToken Row);

/// <summary>Issues the access token, refresh token and (for <c>openid</c>) ID token of one grant.</summary>
public sealed class SsoTokenIssuer(TokenSigner signer, IssuerResolver issuers, GroupCommit writes, TimeProvider time, IOptions<TokenBrokerOptions> options)
{
    public const string RefreshPrefix = "tbr_";

    /// <summary>The user's current role in the app (membership decides), or null when they are no longer a member.</summary>
    public static (GrantUser User, RoleSnapshot Role)? FindMember(StoreReaders readers, AppSnapshot app, string userId)
    {
        ArgumentNullException.ThrowIfNull(readers);
        ArgumentNullException.ThrowIfNull(app);
        return MemberRole(app, readers.Read(reader => reader.FindMember(app.Id, userId)));
    }

    /// <summary>The user and their role in the app, from a membership read; null when not a member (or the role is gone).</summary>
    public static (GrantUser User, RoleSnapshot Role)? MemberRole(AppSnapshot app, MemberOf? member)
    {
        ArgumentNullException.ThrowIfNull(app);
        return member is not null && app.RoleById(member.RoleId) is { } role ? (member.User, role) : null;
    }

    /// <summary>
    /// Starts the refresh-token family of a redeemed code: stores its first refresh token (through
    /// the group commit), then signs with <paramref name="credentials"/>, which the caller loaded
    /// (<see cref="GetCredentialsAsync"/>) before it redeemed the code: a key that cannot sign uses nothing up.
    /// </summary>
    public async Task<TokenResponse> IssueAsync(HttpContext context, SsoGrant grant, SigningCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var pending = Prepare(grant, Draw(time.GetUtcNow()));
        await writes.RunAsync(
            writer =>
            {
                writer.InsertRefreshFamily(new RefreshFamily { Id = grant.FamilyId, AppId = grant.App.Id, UserId = grant.User.Id, CreatedAt = pending.IssuedAt });
                writer.InsertRefreshToken(pending.Row);
                return true;
            },
            cancellationToken);
        return Sign(context, pending, credentials);
    }

    /// <summary>The credentials <see cref="Sign"/> will use, loaded before the write that makes the tokens count.</summary>
    public ValueTask<SigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => signer.GetCredentialsAsync(cancellationToken);

    /// <summary>The random parts of a grant's tokens, drawn before the write that stores them (they take a few microseconds).</summary>
    public static TokenDraw Draw(DateTimeOffset now) => new(now, OrderedSecret.Create(RefreshPrefix, now), RandomBytes.NewId());

    /// <summary>
    /// The grant's tokens before they are signed: the refresh token's row, with the access token's
    /// id and expiry. No I/O and no randomness: cheap enough to run inside a write.
    /// </summary>
    public PendingTokens Prepare(SsoGrant grant, TokenDraw draw)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var settings = options.Value.Sso;
        var now = draw.Now;

        // CONTRACT §4: an access token lives no longer than the app's and the role's caps.
        var lifetime = TimeSpan.FromSeconds(Math.Min((long)settings.AccessTokenLifetime.TotalSeconds, grant.Role.MaxTtl));
        var row = new RefreshToken
        {
            TokenHash = draw.RefreshToken.StorageKey,
            FamilyId = grant.FamilyId,
            AppId = grant.App.Id,
            UserId = grant.User.Id,
            Scope = grant.Scope,
            AuthTime = grant.AuthTime,
            CreatedAt = now,
            ExpiresAt = now + settings.RefreshTokenLifetime,
            AccessTokenJti = draw.AccessTokenJti,
            AccessTokenExpiresAt = now + lifetime,
        };
        return new PendingTokens(grant, now, lifetime, draw.RefreshToken.Value, row);
    }

    /// <summary>Signs the access token and (for <c>openid</c>) the ID token of stored <paramref name="pending"/> tokens.</summary>
    public TokenResponse Sign(HttpContext context, PendingTokens pending, SigningCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var grant = pending.Grant;
        var issuer = issuers.GetIssuer(context);
        var now = pending.IssuedAt.UtcDateTime;
        var expires = pending.Row.AccessTokenExpiresAt.UtcDateTime;
        var accessToken = TokenSigner.Create(
            new SecurityTokenDescriptor
            {
                TokenType = "at+jwt",
                Issuer = issuer,
                Audience = grant.App.Id,
                IssuedAt = now,
                NotBefore = now,
                Expires = expires,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = grant.User.Id,
                    ["client_id"] = grant.App.Id,
                    ["email"] = grant.User.Email,
                    ["user_type"] = grant.User.Type,
                    ["role"] = grant.Role.Id,
                    ["permissions"] = grant.Role.Permissions,
                    ["scope"] = grant.Scope,
                    ["jti"] = pending.Row.AccessTokenJti,

                    // The refresh-token family: revoking it revokes this token (RevocationList.IsRevoked).
                    ["sid"] = grant.FamilyId,
                },
            },
            credentials);
        var idToken = grant.Scope.Split(' ').Contains("openid") ? IdToken(issuer, grant, now, expires, credentials) : null;
        return new TokenResponse(accessToken, "Bearer", (long)pending.Lifetime.TotalSeconds, pending.RefreshToken, grant.Scope, idToken);
    }

    /// <summary>OIDC Core §2: iss, sub, aud, exp, iat, auth_time, nonce as sent, plus email.</summary>
    private static string IdToken(string issuer, SsoGrant grant, DateTime now, DateTime expires, SigningCredentials credentials)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = grant.User.Id,
            ["auth_time"] = grant.AuthTime.ToUnixTimeSeconds(),
            ["email"] = grant.User.Email,
        };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = grant.Nonce;
        }

        if (grant.User.DisplayName is not null)
        {
            claims["name"] = grant.User.DisplayName;
        }

        return TokenSigner.Create(
            new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = grant.App.Id,
                IssuedAt = now,
                Expires = expires,
                Claims = claims,
            },
            credentials);
    }
}
