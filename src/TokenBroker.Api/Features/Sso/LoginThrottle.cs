using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;

namespace TokenBroker.Api.Features.Sso;

/// <summary>
/// Refuses sign-in for a while after repeated failures, per email and per client address, so
/// passwords cannot be guessed at speed. Counts are per instance and kept in memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IOptionsMonitor<TokenBrokerOptions> options)
{
    private const int MaxTrackedKeys = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when sign-in may be tried.</summary>
    public TimeSpan? RetryAfter(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var limits = options.CurrentValue.RateLimiting;
        if (!limits.Enabled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in keys)
        {
            if (_failures.TryGetValue(key, out var failures) && failures.Count >= limits.MaxFailedSignIns && now < failures.WindowStart + limits.SignInLockout)
            {
                var remaining = failures.WindowStart + limits.SignInLockout - now;
                wait = wait is null || remaining > wait ? remaining : wait;
            }
        }

        return wait;
    }

    public void RecordFailure(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var lockout = options.CurrentValue.RateLimiting.SignInLockout;
        if (_failures.Count > MaxTrackedKeys)
        {
            Prune(now, lockout);
        }

        foreach (var key in keys)
        {
            _failures.AddOrUpdate(
                key,
                _ => new Failures(now, 1),
                (_, current) => now >= current.WindowStart + lockout ? new Failures(now, 1) : current with { Count = current.Count + 1 });
        }
    }

    public void Reset(string key) => _failures.TryRemove(key, out _);

    private void Prune(DateTimeOffset now, TimeSpan lockout)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now >= failures.WindowStart + lockout)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Failures(DateTimeOffset WindowStart, int Count);
}
