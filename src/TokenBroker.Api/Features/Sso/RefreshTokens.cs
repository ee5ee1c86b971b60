using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>Finding, refusing and revoking refresh tokens; redeeming one is part of <see cref="SsoTokenIssuer.IssueAsync"/>.</summary>
public static class RefreshTokens
{
    public static byte[] StorageKey(string token) => OrderedSecret.StorageKey(token, SsoTokenIssuer.RefreshPrefix);

    public static RefreshToken? Find(StoreReaders readers, string token) => Find(readers, StorageKey(token));

    public static RefreshToken? Find(StoreReaders readers, byte[] tokenHash)
    {
        ArgumentNullException.ThrowIfNull(readers);
        return readers.Read(reader => reader.FindRefreshToken(tokenHash));
    }

    /// <summary>True when <paramref name="client"/> may redeem the token now: unused, unrevoked, unexpired and its own.</summary>
    public static bool IsRedeemable(RefreshToken token, string client, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token is { ConsumedAt: null, RevokedAt: null } && token.ExpiresAt > now && token.AppId == client;
    }

    /// <summary>
    /// Called when a refresh token could not be redeemed. A consumed token presented again after
    /// <paramref name="reuseGrace"/> revokes the whole family (RFC 9700 §4.14.2); within it (a
    /// client's own concurrent retry) it is only refused. True when the family was revoked.
    /// </summary>
    public static async Task<bool> RefuseAsync(
        TokenBrokerDb db, RevocationList revocations, TimeProvider time, RefreshToken? token, TimeSpan reuseGrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (token is { ConsumedAt: { } consumedAt, RevokedAt: null } && time.GetUtcNow() - consumedAt > reuseGrace)
        {
            await RevokeFamilyAsync(db, revocations, time, token.FamilyId, cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Revokes every refresh token of the family (one update of its row: the consume of a refresh
    /// checks it in the same write) and every access token issued with them. Nothing to do when the
    /// family does not exist (yet: a code replay that races the redemption is caught by its re-check).
    /// </summary>
    public static async Task RevokeFamilyAsync(TokenBrokerDb db, RevocationList revocations, TimeProvider time, string familyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(revocations);
        ArgumentNullException.ThrowIfNull(time);
        var appId = await db.RefreshFamilies.Where(f => f.Id == familyId).Select(f => f.AppId).FirstOrDefaultAsync(cancellationToken);
        if (appId is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        await db.RefreshFamilies.Where(f => f.Id == familyId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken);
        await revocations.RevokeFamilyAsync(familyId, appId, cancellationToken);
    }
}
