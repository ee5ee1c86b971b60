using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Agora;

/// <summary>
/// <see cref="UserId"/> defaults to the caller's <c>sub</c>; <see cref="Expire"/> follows the RTC rules.
/// The whole body may be left out.
/// </summary>
public sealed record RtmTokenRequest(string? UserId, long? Expire);

public sealed record RtmTokenResponse(string Token, string UserId, DateTimeOffset ExpiresAt, DateTimeOffset RenewAt);

public static class CreateRtmToken
{
    public static async Task<Results<Ok<RtmTokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        RtmTokenRequest? request,
        ClaimsPrincipal user,
        HttpContext http,
        AppCache apps,
        SettingProtector protector,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var caller = Caller.From(user);
        if (!caller.Has(AgoraPermissions.RtmLogin))
        {
            return Problems.Forbidden("The caller's role does not grant `rtm:login`.");
        }

        var validator = new RequestValidator();
        AgoraInput.UserId(validator, "userId", request?.UserId);
        AgoraInput.Expire(validator, "expire", request?.Expire);
        var userId = request?.UserId ?? caller.Subject;
        if (validator.IsValid && userId.Length == 0)
        {
            validator.Add("userId", "is required: the caller's token names no subject.");
        }

        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        if (await AgoraCredentials.LoadAsync(apps, protector, caller.AppId, cancellationToken) is not { } credentials)
        {
            return AgoraCredentials.NotConfigured();
        }

        // CONTRACT §6: the same expiry rules as RTC tokens.
        if (AgoraLifetime.For(caller, request?.Expire, time) is not { } lifetime)
        {
            return AgoraLifetime.CallerExpired();
        }

        var token = AgoraAccessToken2.BuildRtmToken(
            credentials.AppId, credentials.AppCertificate, userId, lifetime.Seconds, lifetime.IssuedAt);
        return TypedResults.Ok(new RtmTokenResponse(token, userId, lifetime.ExpiresAt, lifetime.RenewAt));
    }
}
