using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Tests.Signing;

/// <summary>
/// The signer's JWS (RFC 7515 compact form, ES256) as a standard validator reads it: header, every
/// registered and private claim with its JSON type, and nothing of one token in the next.
/// </summary>
public sealed class TokenSignerTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _publicKey;
    private readonly SigningCredentials _credentials;

    public TokenSignerTests()
    {
        _publicKey = ECDsa.Create(_key.ExportParameters(false));
        _credentials = new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = "key-1" }, SecurityAlgorithms.EcdsaSha256);
    }

    public void Dispose()
    {
        _key.Dispose();
        _publicKey.Dispose();
    }

    [Fact]
    public async Task Token_VerifiesWithThePublicKey_AndCarriesEveryClaimWithItsType()
    {
        var token = TokenSigner.Create(Descriptor(), _credentials);

        var result = await Validate(token);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("key-1", jwt.Kid);
        Assert.Equal("JWT", jwt.Typ);

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]));
        var claims = payload.RootElement;
        Assert.Equal("https://broker.example", claims.GetProperty("iss").GetString());
        Assert.Equal("app-1", claims.GetProperty("aud").GetString());
        Assert.Equal(new DateTimeOffset(Now).ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(new DateTimeOffset(Now).ToUnixTimeSeconds(), claims.GetProperty("nbf").GetInt64());
        Assert.Equal(new DateTimeOffset(Now.AddHours(1)).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.Equal("user+tag@例え.jp", claims.GetProperty("email").GetString());
        Assert.Equal("quote \" backslash \\ <b>", claims.GetProperty("name").GetString());
        Assert.Equal(1795500000, claims.GetProperty("auth_time").GetInt64());
        Assert.Equal(JsonValueKind.True, claims.GetProperty("verified").ValueKind);
        Assert.Equal(["turn", "rtc:join"], claims.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Array, claims.GetProperty("none").ValueKind);
        Assert.Empty(claims.GetProperty("none").EnumerateArray());
    }

    [Fact]
    public void TokenType_IsTheHeadersOnlyTyp()
    {
        var descriptor = Descriptor();
        descriptor.TokenType = "at+jwt";

        var token = TokenSigner.Create(descriptor, _credentials);

        var header = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));
        Assert.Equal(1, header.Split("\"typ\"").Length - 1);
        Assert.Equal("at+jwt", new JsonWebToken(token).Typ);
    }

    [Fact]
    public async Task TokensSignedInTurn_EachCarryOnlyTheirOwnClaims()
    {
        var first = Descriptor();
        first.Claims["sub"] = new string('a', 3000);
        var second = Descriptor();
        second.Claims = new Dictionary<string, object> { ["sub"] = "short" };
        second.NotBefore = null;

        var long1 = TokenSigner.Create(first, _credentials);
        var short2 = TokenSigner.Create(second, _credentials);

        Assert.True((await Validate(long1)).IsValid);
        var claims = new JsonWebToken(short2);
        Assert.True((await Validate(short2)).IsValid);
        Assert.Equal("short", claims.Subject);
        Assert.False(claims.TryGetPayloadValue<string>("email", out _));
        Assert.False(claims.TryGetPayloadValue<long>("nbf", out _));
    }

    [Fact]
    public void DescriptorWithoutTimes_IsRefused()
    {
        var descriptor = Descriptor();
        descriptor.Expires = null;

        Assert.Throws<ArgumentException>(() => TokenSigner.Create(descriptor, _credentials));
    }

    private static SecurityTokenDescriptor Descriptor() => new()
    {
        Issuer = "https://broker.example",
        Audience = "app-1",
        IssuedAt = Now,
        NotBefore = Now,
        Expires = Now.AddHours(1),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = "user-1",
            ["email"] = "user+tag@例え.jp",
            ["name"] = "quote \" backslash \\ <b>",
            ["auth_time"] = 1795500000L,
            ["verified"] = true,
            ["permissions"] = new List<string> { "turn", "rtc:join" },
            ["none"] = Array.Empty<string>(),
        },
    };

    private Task<TokenValidationResult> Validate(string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://broker.example",
            ValidAudience = "app-1",
            IssuerSigningKey = new ECDsaSecurityKey(_publicKey) { KeyId = "key-1" },
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateLifetime = false,
        });
}
