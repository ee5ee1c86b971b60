using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>What a code is bound to when it is issued.</summary>
public sealed record CodeGrant(
    string AppId, string UserId, string RedirectUri, bool RedirectUriSent, string? CodeChallenge, string Scope, string? Nonce, DateTimeOffset AuthTime);

/// <summary>The outcome of presenting a code: the redeemed code, or why not (and whether it was a replay).</summary>
public sealed record CodeRedemption(AuthorizationCode? Code, bool Replayed);

public static class AuthorizationCodes
{
    public const string Prefix = "tbc_";

    /// <summary>256 random bits, stored only as a hash, living <c>Sso:CodeLifetime</c>.</summary>
    public static async Task<string> CreateAsync(TokenBrokerDb db, TimeProvider time, TokenBrokerOptions options, CodeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(grant);
        var code = Secret.Create(Prefix);
        var now = time.GetUtcNow();
        db.AuthorizationCodes.Add(new AuthorizationCode
        {
            CodeHash = Secret.Hash(code),
            AppId = grant.AppId,
            UserId = grant.UserId,
            RedirectUri = grant.RedirectUri,
            RedirectUriSent = grant.RedirectUriSent,
            CodeChallenge = string.IsNullOrEmpty(grant.CodeChallenge) ? null : grant.CodeChallenge,
            Scope = grant.Scope,
            Nonce = string.IsNullOrEmpty(grant.Nonce) ? null : grant.Nonce,
            AuthTime = grant.AuthTime,
            CreatedAt = now,
            ExpiresAt = now + options.Sso.CodeLifetime,
        });
        await db.AuthorizationCodes.Where(c => c.ExpiresAt < now - TimeSpan.FromDays(1)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>
    /// Redeems a code in one conditional update that also checks every binding (RFC 6749 §4.1.3,
    /// RFC 7636 §4.6), so a request that fails a check does not consume the code. A code that was
    /// already redeemed is a replay: the caller must revoke what was issued from it.
    /// </summary>
    public static async Task<CodeRedemption> RedeemAsync(
        TokenBrokerDb db, TimeProvider time, string code, string appId, string? redirectUri, string? codeVerifier, string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Secret.Hash(code);
        var now = time.GetUtcNow();
        var challenge = codeVerifier is null ? null : S256(codeVerifier);
        var won = await db.AuthorizationCodes
            .Where(c => c.CodeHash == hash && c.RedeemedAt == null && c.ExpiresAt > now && c.AppId == appId
                && c.CodeChallenge == challenge
                && (c.RedirectUriSent ? c.RedirectUri == redirectUri : redirectUri == null || c.RedirectUri == redirectUri))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now).SetProperty(c => c.FamilyId, familyId), cancellationToken);

        var row = await db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (won == 1)
        {
            return new CodeRedemption(row, Replayed: false);
        }

        if (row?.RedeemedAt is not null)
        {
            // RFC 6749 §4.1.2: a code used twice is refused and what it issued is revoked.
            await db.AuthorizationCodes.Where(c => c.CodeHash == hash).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplayedAt, now), cancellationToken);
            return new CodeRedemption(row, Replayed: true);
        }

        return new CodeRedemption(null, Replayed: false);
    }

    /// <summary>The app a code was issued to, for clients identified by the code itself (Toky-style routes).</summary>
    public static Task<string?> FindAppAsync(TokenBrokerDb db, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Secret.Hash(code);
        return db.AuthorizationCodes.Where(c => c.CodeHash == hash).Select(c => c.AppId).FirstOrDefaultAsync(cancellationToken);
    }

    public static async Task<bool> WasReplayedAsync(TokenBrokerDb db, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Secret.Hash(code);
        return await db.AuthorizationCodes.AnyAsync(c => c.CodeHash == hash && c.ReplayedAt != null, cancellationToken);
    }

    /// <summary>RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public static string S256(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
