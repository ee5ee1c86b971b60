using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Apps;

/// <summary>
/// Apps with their roles, read from the store at most once per <c>Caching:AppLifetime</c> per
/// instance, so verifying an App-Secret or a caller's app costs no store round trip on the hot path.
/// Management changes made on this instance take effect at once (they invalidate); changes made
/// on another instance sharing the store take effect here within the lifetime.
/// </summary>
public sealed class AppCache(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<TokenBrokerOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<AppSnapshot?> GetAsync(string appId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(appId, out var entry) && now < entry.FreshUntil)
        {
            return entry.Snapshot;
        }

        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
        var app = await db.Apps.AsNoTracking().Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == appId, cancellationToken);
        if (app is null)
        {
            // Unknown ids are not remembered: anyone can send them, and the cache must stay bounded.
            _entries.TryRemove(appId, out _);
            return null;
        }

        var snapshot = new AppSnapshot(app, settings.Tokens.MaxTtl);
        _entries[appId] = new Entry(snapshot, now + settings.Caching.AppLifetime);
        return snapshot;
    }

    public void Invalidate(string appId) => _entries.TryRemove(appId, out _);

    private sealed record Entry(AppSnapshot Snapshot, DateTimeOffset FreshUntil);
}
