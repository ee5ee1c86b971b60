using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Agora;

/// <summary>At most one of <see cref="Uid"/> and <see cref="UserAccount"/>; neither means uid 0 ("any uid").</summary>
public sealed record RtcTokenRequest(string? ChannelName, uint? Uid, string? UserAccount, string? Role, long? Expire);

/// <summary>Echoes whichever of uid and userAccount the token was built for.</summary>
public sealed record RtcTokenResponse(
    string Token,
    string ChannelName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] uint? Uid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserAccount,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RenewAt);

public static class CreateRtcToken
{
    public static async Task<Results<Ok<RtcTokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        RtcTokenRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        AppCache apps,
        SettingProtector protector,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var caller = Caller.From(user);
        if (!caller.Has(AgoraPermissions.RtcJoin))
        {
            return Problems.Forbidden("The caller's role does not grant `rtc:join`.");
        }

        var validator = new RequestValidator();
        AgoraInput.ChannelName(validator, "channelName", request.ChannelName);
        AgoraInput.UserAccount(validator, "userAccount", request.UserAccount);
        var role = AgoraInput.Role(validator, "role", request.Role);
        AgoraInput.Expire(validator, "expire", request.Expire);
        if (request.Uid is not null && request.UserAccount is not null)
        {
            // One identity per token: Agora packs a uid and an account into the same field.
            validator.Add("uid", "must not be given together with userAccount.");
            validator.Add("userAccount", "must not be given together with uid.");
        }

        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        // CONTRACT §6: privileges come from the caller's role; a publisher must be allowed to publish something.
        IReadOnlyList<RtcPrivilege> publish = role == RtcRole.Publisher ? AgoraPermissions.PublishGranted(caller) : [];
        if (role == RtcRole.Publisher && publish.Count == 0)
        {
            return Problems.Forbidden("Role `publisher` needs `rtc:publish-audio`, `rtc:publish-video` or `rtc:publish-data`, and the caller's role grants none.");
        }

        if (await AgoraCredentials.LoadAsync(apps, protector, caller.AppId, cancellationToken) is not { } credentials)
        {
            return AgoraCredentials.NotConfigured();
        }

        if (AgoraLifetime.For(caller, request.Expire, time) is not { } lifetime)
        {
            return AgoraLifetime.CallerExpired();
        }

        var uid = request.UserAccount is null ? request.Uid ?? 0 : (uint?)null;
        var packedUid = request.UserAccount ?? AgoraAccessToken2.FormatUid(uid!.Value);
        var token = AgoraAccessToken2.BuildRtcToken(
            credentials.AppId, credentials.AppCertificate, request.ChannelName!, packedUid,
            [RtcPrivilege.JoinChannel, .. publish], lifetime.Seconds, lifetime.Seconds, lifetime.IssuedAt);
        return TypedResults.Ok(new RtcTokenResponse(
            token, request.ChannelName!, uid, request.UserAccount, lifetime.ExpiresAt, lifetime.RenewAt));
    }
}
