using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Agora;

/// <summary>The community token server's answer, exactly: one member.</summary>
public sealed record AccessTokenResponse(string Token);

/// <summary>
/// <c>GET /access_token?channel=&amp;uid=</c>: a drop-in for Agora's community token server, which web
/// clients already call. The sample's own <c>role</c> and <c>expireTime</c> parameters are ignored on
/// purpose: privileges come from the caller's role, and the token lives as long as allowed.
/// </summary>
public static class GetAccessToken
{
    private static readonly string[] SingleValuedParameters = ["channel", "uid"];

    public static async Task<Results<Ok<AccessTokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string? channel,
        string? uid,
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
        var query = http.Request.Query;
        foreach (var name in SingleValuedParameters)
        {
            // The binder joins repeated values with commas, and a comma is a legal channel character.
            if (query[name].Count > 1)
            {
                validator.Add(name, "must be given once.");
            }
        }

        AgoraInput.ChannelName(validator, "channel", channel);
        var parsedUid = AgoraInput.QueryUid(validator, "uid", uid);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        if (await AgoraCredentials.LoadAsync(apps, protector, caller.AppId, cancellationToken) is not { } credentials)
        {
            return AgoraCredentials.NotConfigured();
        }

        if (AgoraLifetime.For(caller, null, time) is not { } lifetime)
        {
            return AgoraLifetime.CallerExpired();
        }

        // CONTRACT §6: join, plus each publish privilege the caller's role grants.
        var token = AgoraAccessToken2.BuildRtcToken(
            credentials.AppId, credentials.AppCertificate, channel!, AgoraAccessToken2.FormatUid(parsedUid!.Value),
            [RtcPrivilege.JoinChannel, .. AgoraPermissions.PublishGranted(caller)], lifetime.Seconds, lifetime.Seconds, lifetime.IssuedAt);
        return TypedResults.Ok(new AccessTokenResponse(token));
    }
}
