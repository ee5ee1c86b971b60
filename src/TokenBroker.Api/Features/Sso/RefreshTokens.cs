using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>The outcome of presenting a refresh token: the consumed token, or why not.</summary>
public sealed record RefreshRedemption(RefreshToken? Token, bool FamilyRevoked);

public static class RefreshTokens
{
    /// <summary>
    /// Consumes a refresh token in one conditional update: of N concurrent uses exactly one wins.
    /// A consumed token presented again after <paramref name="reuseGrace"/> revokes the whole family
    /// (RFC 9700 §4.14.2); within it (a client's own concurrent retry) it is only refused.
    /// </summary>
    public static async Task<RefreshRedemption> ConsumeAsync(
        TokenBrokerDb db, GroupCommit writes, RevocationList revocations, TimeProvider time, string token, string appId, TimeSpan reuseGrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        var hash = Secret.Hash(token);
        var now = time.GetUtcNow();
        var won = await writes.RunAsync(
            (store, ct) => store.RefreshTokens
                .Where(t => t.TokenHash == hash && t.ConsumedAt == null && t.RevokedAt == null && t.ExpiresAt > now && t.AppId == appId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), ct),
            cancellationToken);
        var row = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (won == 1)
        {
            return new RefreshRedemption(row, FamilyRevoked: false);
        }

        if (row is { ConsumedAt: { } consumedAt, RevokedAt: null } && now - consumedAt > reuseGrace)
        {
            await RevokeFamilyAsync(db, revocations, time, row.FamilyId, cancellationToken);
            return new RefreshRedemption(null, FamilyRevoked: true);
        }

        return new RefreshRedemption(null, FamilyRevoked: false);
    }

    public static Task<RefreshToken?> FindAsync(TokenBrokerDb db, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Secret.Hash(token);
        return db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
    }

    /// <summary>True when the family was revoked meanwhile (checked after issuing into it).</summary>
    public static Task<bool> IsFamilyRevokedAsync(TokenBrokerDb db, string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RefreshTokens.AnyAsync(t => t.FamilyId == familyId && t.RevokedAt != null, cancellationToken);
    }

    /// <summary>Revokes every refresh token of the family and every access token issued with them.</summary>
    public static async Task RevokeFamilyAsync(TokenBrokerDb db, RevocationList revocations, TimeProvider time, string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(revocations);
        var now = time.GetUtcNow();
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        var liveAccessTokens = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.FamilyId == familyId && t.AccessTokenExpiresAt > now)
            .Select(t => new { t.AccessTokenJti, t.AppId, t.AccessTokenExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var access in liveAccessTokens)
        {
            await revocations.RevokeAsync(access.AccessTokenJti, access.AppId, access.AccessTokenExpiresAt, cancellationToken);
        }
    }
}
