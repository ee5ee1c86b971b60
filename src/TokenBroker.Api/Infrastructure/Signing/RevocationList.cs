using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// Revoked JWTs by <c>jti</c>, and revoked refresh-token families by the <c>sid</c> their access
/// tokens carry (one entry for every access token of the family), held in memory so the check on
/// every authenticated request is a dictionary lookup, not a store round trip. Revocations are written to the store first; each
/// instance reads what is new (by sequence) every <c>Caching:RevocationRefreshInterval</c>.
/// Entries leave memory and the store when the token they refer to has expired anyway.
/// </summary>
public sealed class RevocationList(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private const string FamilyPrefix = "sid:";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private long _lastSequence;

    public int Count => _revoked.Count;

    public void Dispose() => _refreshLock.Dispose();

    /// <summary>True when the token was revoked, by its own <paramref name="jti"/> or with its refresh-token family (<paramref name="sid"/>).</summary>
    public bool IsRevoked(string jti, string? sid) =>
        _revoked.ContainsKey(jti) || (sid is not null && _revoked.ContainsKey(FamilyPrefix + sid));

    /// <summary>
    /// Revokes every access token issued with a refresh-token family: they carry it as <c>sid</c>.
    /// The entry lasts as long as the longest access token can (<see cref="Limits.MaxAppTtl"/>, the
    /// cap on every lifetime setting), so it covers them whatever the settings were when they were issued.
    /// </summary>
    public Task RevokeFamilyAsync(string familyId, string appId, CancellationToken cancellationToken = default) =>
        RevokeAsync(FamilyPrefix + familyId, appId, time.GetUtcNow().AddSeconds(Limits.MaxAppTtl), cancellationToken);

    /// <summary>Revokes a token until its own expiry; effective on this instance at once.</summary>
    public async Task RevokeAsync(string jti, string appId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
            if (!await db.RevokedTokens.AnyAsync(r => r.Jti == jti, cancellationToken))
            {
                db.RevokedTokens.Add(new RevokedToken { Jti = jti, AppId = appId, RevokedAt = time.GetUtcNow(), ExpiresAt = expiresAt });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A concurrent logout of the same token wrote it first: the outcome is the same.
                }
            }
        }

        _revoked[jti] = expiresAt;
    }

    /// <summary>Reads revocations written since the last refresh (by any instance) and forgets expired ones.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
            var fresh = await db.RevokedTokens.AsNoTracking()
                .Where(r => r.Sequence > _lastSequence)
                .OrderBy(r => r.Sequence)
                .Select(r => new { r.Sequence, r.Jti, r.ExpiresAt })
                .ToListAsync(cancellationToken);
            foreach (var row in fresh)
            {
                _revoked[row.Jti] = row.ExpiresAt;
                _lastSequence = row.Sequence;
            }

            foreach (var (jti, expiresAt) in _revoked)
            {
                if (expiresAt <= now)
                {
                    _revoked.TryRemove(jti, out _);
                }
            }

            await db.RevokedTokens.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}

/// <summary>
/// Polls the store for revocations from other instances. The poll runs on the real clock:
/// it is plumbing, not token logic, and a fake clock in tests must not make it spin.
/// </summary>
public sealed partial class RevocationRefreshService(
    RevocationList revocations,
    Microsoft.Extensions.Options.IOptions<Options.TokenBrokerOptions> options,
    ILogger<RevocationRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Caching.RevocationRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await revocations.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading revocations from the store failed; retrying on the next tick")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
