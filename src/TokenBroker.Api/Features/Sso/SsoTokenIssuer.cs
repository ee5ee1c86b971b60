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
    /// Signs the tokens and stores the refresh token (through the group commit) before answering.
    /// With <paramref name="redeeming"/> (the hash of a presented refresh token), that token is
    /// consumed in the same write: of N concurrent uses exactly one gets tokens, and a family revoked
    /// at any moment also revokes what this call issues. Without it (a redeemed code), the write
    /// starts the family. Null when the token was no longer redeemable.
    /// </summary>
    public async Task<TokenResponse?> IssueAsync(HttpContext context, SsoGrant grant, byte[]? redeeming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = time.GetUtcNow();
        var settings = options.Value.Sso;

        // CONTRACT §4: an access token lives no longer than the app's and the role's caps.
        var lifetime = TimeSpan.FromSeconds(Math.Min((long)settings.AccessTokenLifetime.TotalSeconds, grant.Role.MaxTtl));
        var expires = now + lifetime;
        var issuer = issuers.GetIssuer(context);
        var jti = RandomBytes.NewId();
        var accessToken = await signer.SignAsync(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = issuer,
            Audience = grant.App.Id,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = grant.User.Id,
                ["client_id"] = grant.App.Id,
                ["email"] = grant.User.Email,
                ["user_type"] = grant.User.Type,
                ["role"] = grant.Role.Id,
                ["permissions"] = grant.Role.Permissions,
                ["scope"] = grant.Scope,
                ["jti"] = jti,

                // The refresh-token family: revoking it revokes this token (RevocationList.IsRevoked).
                ["sid"] = grant.FamilyId,
            },
        }, cancellationToken);

        var refreshToken = OrderedSecret.Create(RefreshPrefix, now);
        var row = new RefreshToken
        {
            TokenHash = refreshToken.StorageKey,
            FamilyId = grant.FamilyId,
            AppId = grant.App.Id,
            UserId = grant.User.Id,
            Scope = grant.Scope,
            AuthTime = grant.AuthTime,
            CreatedAt = now,
            ExpiresAt = now + settings.RefreshTokenLifetime,
            AccessTokenJti = jti,
            AccessTokenExpiresAt = expires,
        };
        var stored = await writes.RunAsync(
            writer =>
            {
                if (redeeming is null)
                {
                    writer.InsertRefreshFamily(new RefreshFamily { Id = grant.FamilyId, AppId = grant.App.Id, UserId = grant.User.Id, CreatedAt = now });
                }
                else if (!writer.ConsumeRefreshToken(redeeming, grant.App.Id, now))
                {
                    return false;
                }

                writer.InsertRefreshToken(row);
                return true;
            },
            cancellationToken);
        if (!stored)
        {
            return null;
        }

        var idToken = grant.Scope.Split(' ').Contains("openid") ? await IdTokenAsync(issuer, grant, now, expires, cancellationToken) : null;
        return new TokenResponse(accessToken, "Bearer", (long)lifetime.TotalSeconds, refreshToken.Value, grant.Scope, idToken);
    }

    /// <summary>OIDC Core §2: iss, sub, aud, exp, iat, auth_time, nonce as sent, plus email.</summary>
    private async Task<string> IdTokenAsync(string issuer, SsoGrant grant, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
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

        return await signer.SignAsync(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = grant.App.Id,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
        }, cancellationToken);
    }
}
