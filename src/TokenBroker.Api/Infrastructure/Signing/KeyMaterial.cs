using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>A signing key as held in memory: its schedule, public key, and (lazily) its private key.</summary>
public sealed class KeyMaterial
{
    private readonly Func<byte[]> _loadPrivateKey;
    private SigningCredentials? _credentials;

    public KeyMaterial(SigningKey entity, Func<byte[]> loadPrivateKey)
    {
        Id = entity.Id;
        Generation = entity.Generation;
        CreatedAt = entity.CreatedAt;
        ActivatesAt = entity.ActivatesAt;
        RetiresAt = entity.RetiresAt;
        ExpiresAt = entity.ExpiresAt;
        Jwk = Jwks.ParsePublicJwk(entity.PublicJwk);
        VerificationKey = Jwks.ToSecurityKey(Jwk);
        _loadPrivateKey = loadPrivateKey;
    }

    public string Id { get; }
    public int Generation { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset ActivatesAt { get; }
    public DateTimeOffset RetiresAt { get; }
    public DateTimeOffset ExpiresAt { get; }
    public PublicJwk Jwk { get; }
    public SecurityKey VerificationKey { get; }

    public bool SignsAt(DateTimeOffset now) => ActivatesAt <= now && now < RetiresAt;

    public bool IsPublishedAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Credentials for signing; the private key is unprotected on first use only.</summary>
    public SigningCredentials Credentials => _credentials ??= CreateCredentials();

    private SigningCredentials CreateCredentials()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(_loadPrivateKey(), out _);
        return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = Id }, SecurityAlgorithms.EcdsaSha256);
    }
}
