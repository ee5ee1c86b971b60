using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Agora;

/// <summary>The permissions of CONTRACT §2 that map to Agora privileges.</summary>
public static class AgoraPermissions
{
    public const string RtcJoin = "rtc:join";
    public const string RtmLogin = "rtm:login";

    /// <summary>Each publish permission and the RTC privilege it grants (CONTRACT §2: 2, 3, 4).</summary>
    public static readonly IReadOnlyList<(string Permission, RtcPrivilege Privilege)> Publish =
    [
        ("rtc:publish-audio", RtcPrivilege.PublishAudioStream),
        ("rtc:publish-video", RtcPrivilege.PublishVideoStream),
        ("rtc:publish-data", RtcPrivilege.PublishDataStream),
    ];

    /// <summary>The publish privileges the caller's role grants, in privilege order.</summary>
    public static IReadOnlyList<RtcPrivilege> PublishGranted(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var granted = new List<RtcPrivilege>(Publish.Count);
        foreach (var (permission, privilege) in Publish)
        {
            if (caller.Has(permission))
            {
                granted.Add(privilege);
            }
        }

        return granted;
    }
}

/// <summary>
/// An app's Agora app id and certificate, decrypted for one request. A class rather than a record
/// so the certificate can never end up in a generated ToString (and so in a log).
/// </summary>
public sealed class AgoraCredentials
{
    private AgoraCredentials(string appId, string appCertificate)
    {
        AppId = appId;
        AppCertificate = appCertificate;
    }

    public string AppId { get; }

    public string AppCertificate { get; }

    /// <summary>The caller's app's settings, or null when an operator has not set them.</summary>
    public static async Task<AgoraCredentials?> LoadAsync(AppCache apps, SettingProtector protector, string appId, CancellationToken cancellationToken)
    {
        var app = await apps.GetAsync(appId, cancellationToken);
        return app is { AgoraAppId: { } agoraAppId } && app.AgoraCertificate(protector) is { } certificate
            ? new AgoraCredentials(agoraAppId, certificate)
            : null;
    }

    public static ProblemHttpResult NotConfigured() => Problems.Conflict(
        "This app has no Agora settings; an operator sets them with PATCH /v1/apps/{appId} (agora: {appId, appCertificate}).",
        Problems.NotConfigured);
}

/// <summary>When an Agora token is issued and how long it lives (CONTRACT §6).</summary>
public readonly record struct AgoraLifetime(DateTimeOffset IssuedAt, uint Seconds)
{
    /// <summary>Agora's web SDK fires token-privilege-will-expire this long before expiry.</summary>
    public const int RenewLeadSeconds = 30;

    public DateTimeOffset ExpiresAt => IssuedAt.AddSeconds(Seconds);

    public DateTimeOffset RenewAt => ExpiresAt.AddSeconds(-RenewLeadSeconds);

    /// <summary>
    /// CONTRACT §6: the requested lifetime (default: as long as allowed), clamped to the caller's
    /// remaining life and to Agora's 24 h cap. Null when the caller's token has no whole second left.
    /// </summary>
    public static AgoraLifetime? For(Caller caller, long? requestedSeconds, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);

        // Whole seconds: the token carries Unix seconds, and expiresAt must be the token's own expiry.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var remaining = caller.ExpiresAt.ToUnixTimeSeconds() - now.ToUnixTimeSeconds();
        var cap = Math.Min(remaining, AgoraAccessToken2.MaxExpireSeconds);
        var seconds = Math.Min(requestedSeconds ?? cap, cap);
        return seconds >= 1 ? new AgoraLifetime(now, (uint)seconds) : null;
    }

    /// <summary>The caller's token expired between authentication and issuance.</summary>
    public static ProblemHttpResult CallerExpired() =>
        Problems.Unauthorized("The token is invalid, expired or revoked.", Problems.InvalidToken);
}
