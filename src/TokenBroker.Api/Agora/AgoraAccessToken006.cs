using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Api.Agora;

/// <summary>
/// Agora AccessToken ("006"), the format older SDKs still ask for. Unlike 007, privilege values are
/// absolute Unix timestamps, the token is bound to one channel and uid, and nothing is compressed.
/// </summary>
public static class AgoraAccessToken006
{
    public const string Version = "006";

    /// <summary>The vendor's builders date the message itself a day ahead of issue.</summary>
    private static readonly TimeSpan MessageLifetime = TimeSpan.FromHours(24);

    /// <summary>Builds a token from explicit inputs; deterministic, so it reproduces the vendor's vectors.</summary>
    public static string Build(
        string appId, string appCertificate, string channelName, string uid, uint salt, uint ts,
        IReadOnlyDictionary<AgoraPrivilege006, uint> privilegeExpireTimestamps)
    {
        AgoraAccessToken2.EnsureCredentials(appId, appCertificate);
        ArgumentNullException.ThrowIfNull(channelName);
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(privilegeExpireTimestamps);

        var privileges = privilegeExpireTimestamps.ToDictionary(p => checked((ushort)p.Key), p => p.Value);
        var message = new AgoraPacker().WriteUInt32(salt).WriteUInt32(ts).WritePrivileges(privileges);

        var channelBytes = Encoding.UTF8.GetBytes(channelName);
        var uidBytes = Encoding.UTF8.GetBytes(uid);
        var signed = new AgoraPacker()
            .WriteRaw(Encoding.UTF8.GetBytes(appId))
            .WriteRaw(channelBytes)
            .WriteRaw(uidBytes)
            .WriteRaw(message.Written);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appCertificate), signed.Written);

        var content = new AgoraPacker()
            .WriteBytes(signature)
            .WriteUInt32(AgoraChecksums.Crc32(channelBytes))
            .WriteUInt32(AgoraChecksums.Crc32(uidBytes))
            .WriteBytes(message.Written);
        return Version + appId + Convert.ToBase64String(content.Written);
    }

    /// <summary>An RTC token whose role privileges all end at <paramref name="privilegeExpiresAt"/>.</summary>
    public static string BuildRtcToken(
        string appId, string appCertificate, string channelName, string uidOrAccount, RtcRole role,
        DateTimeOffset privilegeExpiresAt, DateTimeOffset now)
    {
        var expiresAt = AgoraAccessToken2.ToUnixSeconds(privilegeExpiresAt);
        var privileges = RtcRoles.PrivilegesOf(role).ToDictionary(p => (AgoraPrivilege006)(int)p, _ => expiresAt);
        return Build(appId, appCertificate, channelName, uidOrAccount, AgoraAccessToken2.NewSalt(),
            AgoraAccessToken2.ToUnixSeconds(now + MessageLifetime), privileges);
    }

    /// <summary>An RTM login token; 006 RTM tokens carry the user account as the channel and an empty uid.</summary>
    public static string BuildRtmToken(
        string appId, string appCertificate, string userAccount, DateTimeOffset privilegeExpiresAt, DateTimeOffset now)
    {
        var privileges = new Dictionary<AgoraPrivilege006, uint>
        {
            [AgoraPrivilege006.RtmLogin] = AgoraAccessToken2.ToUnixSeconds(privilegeExpiresAt),
        };
        return Build(appId, appCertificate, userAccount, string.Empty, AgoraAccessToken2.NewSalt(),
            AgoraAccessToken2.ToUnixSeconds(now + MessageLifetime), privileges);
    }
}
