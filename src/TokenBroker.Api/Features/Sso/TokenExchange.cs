using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>Tokens, or the OAuth error that explains why not.</summary>
public sealed record ExchangeResult(TokenResponse? Tokens, OAuthError? Error);

/// <summary>What the write of a refresh grant decided: tokens to sign, an error, or a refusal of the token as read.</summary>
internal sealed record Redemption(PendingTokens? Issued, OAuthError? Error, RefreshToken? Refused);

/// <summary>
/// The two grants behind /oauth2/token and the Toky-style /v1/access_token routes, so both
/// answer alike: authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6) and refresh_token (§6).
/// </summary>
public static class TokenExchange
{
    public static async Task<ExchangeResult> ExchangeCodeAsync(
        HttpContext context, AppSnapshot client, string? code, string? redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(code) || code.Length > 512)
        {
            return Fail(OAuthError.Request("code is required."));
        }

        // RFC 7636 §4.1: a verifier is 43 to 128 unreserved characters.
        if (codeVerifier is not null && (codeVerifier.Length is < 43 or > 128 || !codeVerifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')))
        {
            return Fail(OAuthError.Request("code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]."));
        }

        var services = context.RequestServices;
        var db = services.GetRequiredService<TokenBrokerDb>();
        var time = services.GetRequiredService<TimeProvider>();
        var revocations = services.GetRequiredService<RevocationList>();
        var issuer = services.GetRequiredService<SsoTokenIssuer>();

        // The key first: if it cannot sign, the code stays unused.
        var credentials = await issuer.GetCredentialsAsync(cancellationToken);
        var familyId = RandomBytes.NewId();
        var redemption = await AuthorizationCodes.RedeemAsync(db, time, code, client.Id, redirectUri, codeVerifier, familyId, cancellationToken);
        if (redemption.Replayed)
        {
            if (redemption.Code?.FamilyId is { } issued)
            {
                await RefreshTokens.RevokeFamilyAsync(db, revocations, time, issued, cancellationToken);
            }

            return Fail(OAuthError.Grant("The authorization code was already used; the tokens issued from it are revoked."));
        }

        if (redemption.Code is not { } redeemed)
        {
            return Fail(OAuthError.Grant("The authorization code is invalid, expired, or was issued to another client, redirect URI or PKCE challenge."));
        }

        var member = SsoTokenIssuer.FindMember(services.GetRequiredService<StoreReaders>(), client, redeemed.UserId);
        if (member is not { } found)
        {
            return Fail(OAuthError.Grant("The user is no longer a member of this app."));
        }

        var grant = new SsoGrant(client, found.User, found.Role, redeemed.Scope, redeemed.Nonce, redeemed.AuthTime, familyId);
        var tokens = await issuer.IssueAsync(context, grant, credentials, cancellationToken);

        // A replay that raced this redemption revoked the family before our tokens existed: revoke them
        // too. The answer stays what it would have been had the replay come a moment later.
        if (await AuthorizationCodes.WasReplayedAsync(db, code, cancellationToken))
        {
            await RefreshTokens.RevokeFamilyAsync(db, revocations, time, familyId, cancellationToken);
        }

        return new ExchangeResult(tokens, null);
    }

    public static async Task<ExchangeResult> RefreshAsync(HttpContext context, AppSnapshot client, string? refreshToken, string? scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 512)
        {
            return Fail(OAuthError.Request("refresh_token is required."));
        }

        var services = context.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var issuer = services.GetRequiredService<SsoTokenIssuer>();
        var hash = RefreshTokens.StorageKey(refreshToken);
        var asked = scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // The key first: if it cannot sign, the presented token stays unused.
        var credentials = await issuer.GetCredentialsAsync(cancellationToken);
        var draw = SsoTokenIssuer.Draw(time.GetUtcNow());

        // One write reads the token and the user's membership, decides, consumes the token and
        // stores its successor: of N concurrent uses exactly one gets tokens, and a family revoked
        // at any moment also revokes what this call issues.
        var redemption = await services.GetRequiredService<GroupCommit>().RunAsync(writer => Redeem(writer, issuer, client, hash, asked, draw), cancellationToken);
        if (redemption.Issued is { } pending)
        {
            return new ExchangeResult(issuer.Sign(context, pending, credentials), null);
        }

        return redemption.Error is { } error ? Fail(error) : await RefusedAsync(redemption.Refused);

        // Only a refusal needs a DbContext (a pool lease) and the revocation settings.
        async Task<ExchangeResult> RefusedAsync(RefreshToken? token) =>
            Fail(OAuthError.Grant(await RefreshTokens.RefuseAsync(
                    services.GetRequiredService<TokenBrokerDb>(),
                    services.GetRequiredService<RevocationList>(),
                    time,
                    token,
                    services.GetRequiredService<IOptions<TokenBrokerOptions>>().Value.Sso.RefreshReuseGrace,
                    cancellationToken)
                ? "The refresh token was already used; every token of its family is revoked."
                : "The refresh token is invalid, expired, revoked, already used, or was issued to another client."));
    }

    /// <summary>The refresh grant's decision, inside its write (RFC 6749 §6).</summary>
    private static Redemption Redeem(StoreWriter writer, SsoTokenIssuer issuer, AppSnapshot client, byte[] hash, string[]? asked, TokenDraw draw)
    {
        var read = writer.FindRefreshGrant(hash, client.Id);
        if (read is not { Token: var presented, Member: var member } || !RefreshTokens.IsRedeemable(presented, client.Id, draw.Now))
        {
            return new Redemption(null, null, read?.Token);
        }

        // A narrower scope may be asked for, never a wider one.
        var granted = presented.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked is not null && asked.Any(s => !granted.Contains(s)))
        {
            return new Redemption(null, new OAuthError(OAuthError.InvalidScope, "The scope must not exceed what was originally granted."), null);
        }

        if (SsoTokenIssuer.MemberRole(client, member) is not { } found)
        {
            return new Redemption(null, OAuthError.Grant("The user is no longer a member of this app."), null);
        }

        var grant = new SsoGrant(client, found.User, found.Role, asked is null ? presented.Scope : string.Join(' ', asked), null, presented.AuthTime, presented.FamilyId);
        var pending = issuer.Prepare(grant, draw);

        // The statement that consumes decides, as it does for every write of this store.
        if (!writer.ConsumeRefreshToken(hash, client.Id, draw.Now))
        {
            return new Redemption(null, null, presented);
        }

        writer.InsertRefreshToken(pending.Row);
        return new Redemption(pending, null, null);
    }

    private static ExchangeResult Fail(OAuthError error) => new(null, error);
}
