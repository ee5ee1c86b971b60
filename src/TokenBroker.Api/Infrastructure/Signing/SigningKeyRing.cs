using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// The broker's signing keys, kept in the store and mirrored in memory. Every instance that
/// shares the store follows the same schedule: a key is published when created, signs from
/// <c>ActivatesAt</c> to <c>RetiresAt</c>, and stays published until no token it signed can be alive.
/// </summary>
public sealed partial class SigningKeyRing(
    IServiceScopeFactory scopes,
    SettingProtector protector,
    TimeProvider time,
    IOptionsMonitor<TokenBrokerOptions> options,
    ILogger<SigningKeyRing> logger) : IDisposable
{
    private readonly SemaphoreSlim _scheduleLock = new(1, 1);
    private volatile KeySnapshot _snapshot = KeySnapshot.Empty;

    public bool IsLoaded => _snapshot.Keys.Count > 0;

    public void Dispose() => _scheduleLock.Dispose();

    /// <summary>The key that signs now, extending the schedule first when it has lapsed.</summary>
    public async ValueTask<KeyMaterial> GetSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_snapshot.SignerAt(now) is { } key)
        {
            return key;
        }

        await EnsureScheduleAsync(cancellationToken);
        return _snapshot.SignerAt(now) ?? throw new InvalidOperationException("No signing key is active.");
    }

    /// <summary>Keys that may verify a token with the given <c>kid</c>.</summary>
    public IEnumerable<SecurityKey> GetVerificationKeys(string? kid)
    {
        var now = time.GetUtcNow();
        foreach (var key in _snapshot.Keys)
        {
            if (key.IsPublishedAt(now) && (kid is null || key.Id == kid))
            {
                yield return key.VerificationKey;
            }
        }
    }

    /// <summary>The JWKS document for now, serialized once per change of the published set.</summary>
    public ReadOnlyMemory<byte> GetJwksUtf8()
    {
        var now = time.GetUtcNow();
        var snapshot = _snapshot;
        var cached = snapshot.Jwks;
        if (cached is not null && now < cached.ValidUntil)
        {
            return cached.Utf8;
        }

        var published = snapshot.Keys.Where(k => k.IsPublishedAt(now)).ToList();
        var validUntil = published.Count == 0 ? now : published.Min(k => k.ExpiresAt);
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(new JsonWebKeySetDocument(published.Select(k => k.Jwk).ToList()));
        snapshot.Jwks = new CachedJwks(utf8, validUntil);
        return utf8;
    }

    /// <summary>
    /// Brings the schedule up to date: an active key exists, its successor is published
    /// <c>PrePublishPeriod</c> before it takes over, and keys no token can need are removed.
    /// </summary>
    public async Task EnsureScheduleAsync(CancellationToken cancellationToken = default)
    {
        await _scheduleLock.WaitAsync(cancellationToken);
        try
        {
            // Two attempts: another instance may add the same generation between our read and write.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await EnsureScheduleOnceAsync(cancellationToken);
                    return;
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    LogScheduleRace(logger);
                }
            }
        }
        finally
        {
            _scheduleLock.Release();
        }
    }

    private async Task EnsureScheduleOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();

        await db.SigningKeys.Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.Generation).ToListAsync(cancellationToken);

        var current = keys.LastOrDefault(k => k.ActivatesAt <= now && now < k.RetiresAt);
        if (current is null)
        {
            // First start, or every instance was down past the end of the schedule.
            var generation = keys.Count == 0 ? 1 : keys[^1].Generation + 1;
            current = NewKey(generation, now, now, settings);
            db.SigningKeys.Add(current);
            keys.Add(current);
            LogKeyCreated(logger, current.Id, current.ActivatesAt);
        }

        var hasSuccessor = keys.Any(k => k.Generation > current.Generation);
        if (!hasSuccessor && current.RetiresAt - now <= settings.Signing.PrePublishPeriod)
        {
            var next = NewKey(current.Generation + 1, now, current.RetiresAt, settings);
            db.SigningKeys.Add(next);
            keys.Add(next);
            LogKeyCreated(logger, next.Id, next.ActivatesAt);
        }

        await db.SaveChangesAsync(cancellationToken);
        _snapshot = new KeySnapshot(keys.Select(ToMaterial).ToList());
    }

    private SigningKey NewKey(int generation, DateTimeOffset now, DateTimeOffset activatesAt, TokenBrokerOptions settings)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var retiresAt = activatesAt + settings.Signing.RotationPeriod;
        return new SigningKey
        {
            Id = kid,
            Generation = generation,
            Algorithm = Jwks.Algorithm,
            PublicJwk = Jwks.Serialize(Jwks.FromPublicKey(ecdsa.ExportParameters(false), kid)),
            PrivateKeyProtected = Convert.ToBase64String(protector.Protect(SettingProtector.SigningKeyPurpose, ecdsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActivatesAt = activatesAt,
            RetiresAt = retiresAt,

            // No token outlives the global cap, so this is when the last token this key signs expires.
            ExpiresAt = retiresAt + TimeSpan.FromSeconds(settings.Tokens.MaxTtl),
        };
    }

    private KeyMaterial ToMaterial(SigningKey entity)
    {
        var existing = _snapshot.Keys.FirstOrDefault(k => k.Id == entity.Id);
        if (existing is not null)
        {
            return existing;
        }

        var protectedKey = entity.PrivateKeyProtected;
        return new KeyMaterial(entity, () => protector.Unprotect(SettingProtector.SigningKeyPurpose, Convert.FromBase64String(protectedKey)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing key {KeyId} created; it signs from {ActivatesAt}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance extended the key schedule first; reloading")]
    private static partial void LogScheduleRace(ILogger logger);

    private sealed class KeySnapshot(IReadOnlyList<KeyMaterial> keys)
    {
        public static readonly KeySnapshot Empty = new([]);

        public IReadOnlyList<KeyMaterial> Keys { get; } = keys;

        public CachedJwks? Jwks { get; set; }

        public KeyMaterial? SignerAt(DateTimeOffset now) => Keys.LastOrDefault(k => k.SignsAt(now));
    }

    private sealed record CachedJwks(byte[] Utf8, DateTimeOffset ValidUntil);
}
