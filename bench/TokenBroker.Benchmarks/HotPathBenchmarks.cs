using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Benchmarks;

/// <summary>The signer: one ES256 session token, and verifying one, as every request does.</summary>
[MemoryDiagnoser]
public class SignerBenchmarks
{
    private readonly SigningCredentials _credentials;
    private readonly SecurityKey _publicKey;
    private readonly TokenValidationParameters _validation;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly string _token;
    private readonly ECDsa _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _signingInput = new byte[300];

    public SignerBenchmarks()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _credentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256);
        _publicKey = Jwks.ToSecurityKey(Jwks.FromPublicKey(ecdsa.ExportParameters(false), "k1"));
        _validation = new TokenValidationParameters
        {
            ValidIssuer = "https://broker.example",
            ValidateAudience = false,
            IssuerSigningKey = _publicKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        };
        _token = Sign();
    }

    [Benchmark]
    public string Sign() => TokenSigner.Create(Descriptor(), _credentials);

    /// <summary>The ES256 signature alone, on about a session token's length: the floor under <see cref="Sign"/>.</summary>
    [Benchmark]
    public byte[] SignatureOnly() => _ecdsa.SignData(_signingInput, HashAlgorithmName.SHA256);

    [Benchmark]
    public async Task<bool> Verify() => (await _handler.ValidateTokenAsync(_token, _validation)).IsValid;

    private static SecurityTokenDescriptor Descriptor()
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = "https://broker.example",
            Audience = "0196b7a4-3c1e-7d2a-9f00-5a1b2c3d4e5f",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "bobsmith",
                ["role"] = "0196b7a4-4d2f-7e3b-8a11-6b2c3d4e5f60",
                ["permissions"] = new[] { "turn", "rtc:join", "rtc:publish-audio" },
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        };
    }
}

/// <summary>The Agora AccessToken2 builder (HMAC chain, packing, zlib, base64).</summary>
[MemoryDiagnoser]
public class AgoraBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Benchmark]
    public string BuildRtcPublisherToken() => AgoraAccessToken2.BuildRtcToken(
        "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b", "bench-channel", "2882341273", RtcRole.Publisher, 3600, 3600, Now);
}

/// <summary>Checking an App-Secret: SHA-256 + constant-time compare, against what a password KDF would cost.</summary>
[MemoryDiagnoser]
public class SecretBenchmarks
{
    private readonly string _secret = Secret.Create("tbs_");
    private readonly byte[] _hash;
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _passwordHash;

    public SecretBenchmarks()
    {
        _hash = Secret.Hash(_secret);
        _passwordHash = _hasher.HashPassword(new object(), _secret);
    }

    [Benchmark(Baseline = true)]
    public bool VerifyAppSecret() => Secret.Matches(_secret, _hash);

    [Benchmark]
    public PasswordVerificationResult VerifyWithPasswordHasher() => _hasher.VerifyHashedPassword(new object(), _passwordHash, _secret);
}
