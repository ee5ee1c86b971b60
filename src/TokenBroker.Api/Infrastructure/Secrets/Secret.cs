using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Api.Infrastructure.Secrets;

/// <summary>
/// High-entropy credentials (app secrets, admin keys, later codes and refresh tokens).
/// They carry 256 random bits, so a fast SHA-256 is as safe as a slow KDF here and keeps
/// verification cheap on the hot path; comparison is constant-time.
/// </summary>
public static class Secret
{
    public const int SecretBytes = 32;

    /// <summary>A new random secret, base64url without padding, with a readable prefix.</summary>
    public static string Create(string prefix)
    {
        Span<byte> bytes = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url.EncodeToString(bytes);
    }

    public static byte[] Hash(string secret)
    {
        var input = Encoding.UTF8.GetBytes(secret);
        return SHA256.HashData(input);
    }

    /// <summary>True when <paramref name="presented"/> hashes to <paramref name="storedHash"/>.</summary>
    public static bool Matches(string? presented, byte[] storedHash)
    {
        if (presented is null)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var max = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer[..length], hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }
}
