using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Api.Agora;

/// <summary>
/// Agora AccessToken2 ("007"): builds, parses and verifies tokens that Agora's RTC, RTM, FPA,
/// Chat and APaaS services accept. Parsing lives in AgoraAccessToken2.Parse.cs.
/// </summary>
public static partial class AgoraAccessToken2
{
    public const string Version = "007";

    /// <summary>Agora caps token and privilege lifetimes at 24 hours; asking for more is a caller bug.</summary>
    public const uint MaxExpireSeconds = 24 * 60 * 60;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    [ThreadStatic]
    private static byte[]? t_issueKey;

    [ThreadStatic]
    private static uint t_issueTs;

    [ThreadStatic]
    private static string? t_issueCertificate;

    /// <summary>App IDs and app certificates are exactly 32 hex characters (either case).</summary>
    public static bool IsValidHex32(string? value) =>
        value is { Length: 32 } && !value.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>The RTC uid string for a numeric uid: 0 means "any uid" and is packed as "".</summary>
    public static string FormatUid(uint uid) => uid == 0 ? string.Empty : uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds a token from explicit inputs; <paramref name="expireSeconds"/> and privilege values are
    /// relative to <paramref name="issueTs"/>. Deterministic, so it reproduces the vendor's test vectors.
    /// </summary>
    public static string Build(
        string appId, string appCertificate, uint issueTs, uint expireSeconds, uint salt, IEnumerable<AgoraService> services)
    {
        EnsureCredentials(appId, appCertificate);
        ArgumentNullException.ThrowIfNull(services);

        // Ascending type order; each type may appear once: Agora keys services by type, so a second
        // block would be ambiguous.
        var ordered = new List<AgoraService>(services);
        if (ordered.Count == 0)
        {
            throw new ArgumentException("A token needs at least one service.", nameof(services));
        }

        ordered.Sort(static (a, b) => a.Type.CompareTo(b.Type));
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Type == ordered[i - 1].Type)
            {
                throw new ArgumentException("Each service type may appear only once.", nameof(services));
            }
        }

        var info = new AgoraPacker()
            .WriteString(appId)
            .WriteUInt32(issueTs)
            .WriteUInt32(expireSeconds)
            .WriteUInt32(salt)
            .WriteUInt16((ushort)ordered.Count);
        foreach (var service in ordered)
        {
            service.Pack(info);
        }

        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(appCertificate, issueTs, salt, info.Written, signature);
        var payload = new AgoraPacker().WriteBytes(signature).WriteRaw(info.Written);
        return Encode(payload.Written);
    }

    /// <summary>An RTC token for one channel and uid (or account) with the privileges of a role.</summary>
    public static string BuildRtcToken(
        string appId, string appCertificate, string channelName, string uidOrAccount, RtcRole role,
        uint tokenExpireSeconds, uint privilegeExpireSeconds, DateTimeOffset now) =>
        BuildRtcToken(appId, appCertificate, channelName, uidOrAccount, RtcRoles.PrivilegesOf(role),
            tokenExpireSeconds, privilegeExpireSeconds, now);

    /// <summary>An RTC token granting an explicit set of privileges, all with the same lifetime.</summary>
    public static string BuildRtcToken(
        string appId, string appCertificate, string channelName, string uidOrAccount, IEnumerable<RtcPrivilege> privileges,
        uint tokenExpireSeconds, uint privilegeExpireSeconds, DateTimeOffset now)
    {
        EnsureCredentials(appId, appCertificate);
        ArgumentNullException.ThrowIfNull(privileges);
        EnsureLifetime(tokenExpireSeconds, nameof(tokenExpireSeconds));
        EnsureLifetime(privilegeExpireSeconds, nameof(privilegeExpireSeconds));

        var rtc = new AgoraRtcService(channelName, uidOrAccount);
        foreach (var privilege in privileges)
        {
            rtc.Grant(privilege, privilegeExpireSeconds);
        }

        return Build(appId, appCertificate, ToUnixSeconds(now), tokenExpireSeconds, NewSalt(), [rtc]);
    }

    /// <summary>An RTM login token for one user id.</summary>
    public static string BuildRtmToken(
        string appId, string appCertificate, string userId, uint tokenExpireSeconds, DateTimeOffset now)
    {
        EnsureCredentials(appId, appCertificate);
        EnsureLifetime(tokenExpireSeconds, nameof(tokenExpireSeconds));

        var rtm = new AgoraRtmService(userId).Grant(RtmPrivilege.Login, tokenExpireSeconds);
        return Build(appId, appCertificate, ToUnixSeconds(now), tokenExpireSeconds, NewSalt(), [rtm]);
    }

    /// <summary>
    /// True when the token's signature was made with <paramref name="appCertificate"/>. Does not check
    /// expiry (see <see cref="AgoraParsedToken2.ExpiresAt"/>) or the app id.
    /// </summary>
    public static bool Verify(AgoraParsedToken2 parsed, string appCertificate)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (!IsValidHex32(appCertificate))
        {
            throw new ArgumentException("The app certificate must be 32 hex characters.", nameof(appCertificate));
        }

        // The signature covers the exact bytes received, so verify those rather than a re-packing.
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(appCertificate, parsed.IssueTs, parsed.Salt, parsed.SignedInfo.Span, expected);
        return CryptographicOperations.FixedTimeEquals(expected, parsed.Signature.Span);
    }

    private static void Sign(string appCertificate, uint issueTs, uint salt, ReadOnlySpan<byte> info, Span<byte> signature)
    {
        // The signing key is chained through issueTs and salt, so it differs for every token.
        Span<byte> issueKey = stackalloc byte[HMACSHA256.HashSizeInBytes];
        IssueKey(appCertificate, issueTs, issueKey);
        Span<byte> saltBytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(saltBytes, salt);
        Span<byte> signingKey = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(saltBytes, issueKey, signingKey);
        HMACSHA256.HashData(signingKey, info, signature);
    }

    /// <summary>
    /// The first link of the chain, HMAC(issueTs, certificate). Tokens issued in the same second by the
    /// same app share it, so each thread keeps its last one: one HMAC fewer per token under load.
    /// </summary>
    private static void IssueKey(string appCertificate, uint issueTs, Span<byte> key)
    {
        if (t_issueKey is { } cached && t_issueTs == issueTs && string.Equals(t_issueCertificate, appCertificate, StringComparison.Ordinal))
        {
            cached.CopyTo(key);
            return;
        }

        Span<byte> tsBytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(tsBytes, issueTs);
        HMACSHA256.HashData(tsBytes, Encoding.UTF8.GetBytes(appCertificate), key);
        t_issueKey = key.ToArray();
        t_issueTs = issueTs;
        t_issueCertificate = appCertificate;
    }

    /// <summary>"007" and the base64 of the zlib-compressed payload, as one string.</summary>
    private static string Encode(ReadOnlySpan<byte> payload)
    {
        var rented = ArrayPool<byte>.Shared.Rent(AgoraDeflate.MaxCompressedLength(payload.Length));
        try
        {
            ReadOnlySpan<byte> compressed = rented.AsSpan(0, AgoraDeflate.Compress(payload, rented));
            return string.Create(Version.Length + (((compressed.Length + 2) / 3) * 4), compressed, static (chars, bytes) =>
            {
                Version.CopyTo(chars);
                Convert.TryToBase64Chars(bytes, chars[Version.Length..], out _);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static void EnsureCredentials(string appId, string appCertificate)
    {
        // The vendor's builders refuse these too; a malformed id or certificate is a configuration error.
        if (!IsValidHex32(appId))
        {
            throw new ArgumentException("The app id must be 32 hex characters.", nameof(appId));
        }

        if (!IsValidHex32(appCertificate))
        {
            throw new ArgumentException("The app certificate must be 32 hex characters.", nameof(appCertificate));
        }
    }

    private static void EnsureLifetime(uint seconds, string paramName)
    {
        if (seconds is 0 or > MaxExpireSeconds)
        {
            throw new ArgumentOutOfRangeException(paramName, seconds, $"Must be between 1 and {MaxExpireSeconds} seconds.");
        }
    }

    internal static uint ToUnixSeconds(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds is >= 0 and <= uint.MaxValue
            ? (uint)seconds
            : throw new ArgumentOutOfRangeException(nameof(time), time, "Agora timestamps are unsigned 32-bit Unix seconds.");
    }
}
