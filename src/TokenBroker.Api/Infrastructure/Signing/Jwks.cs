using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>A public EC key in JWK form (RFC 7517, RFC 7518 §6.2).</summary>
public sealed record PublicJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("use")] string Use);

public sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJwk> Keys);

public static class Jwks
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    public static PublicJwk FromPublicKey(ECParameters parameters, string kid) => new(
        "EC",
        "P-256",
        Base64UrlEncoder.Encode(parameters.Q.X!),
        Base64UrlEncoder.Encode(parameters.Q.Y!),
        kid,
        Algorithm,
        "sig");

    public static PublicJwk ParsePublicJwk(string json) =>
        JsonSerializer.Deserialize<PublicJwk>(json) ?? throw new InvalidOperationException("Stored JWK is empty.");

    public static string Serialize(PublicJwk jwk) => JsonSerializer.Serialize(jwk);

    public static SecurityKey ToSecurityKey(PublicJwk jwk)
    {
        var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
        });
        return new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid };
    }
}
