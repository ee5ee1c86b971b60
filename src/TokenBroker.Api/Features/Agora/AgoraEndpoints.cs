using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Agora;

/// <summary>
/// Agora-compatible RTC and RTM tokens (CONTRACT §6). Depends on the token module in
/// <c>Agora/</c>, the app's Agora settings (set with PATCH /v1/apps) and a caller credential.
/// </summary>
public static class AgoraEndpoints
{
    public const string RtcTokensPath = "/v1/rtc-tokens";
    public const string RtmTokensPath = "/v1/rtm-tokens";
    public const string AccessTokenPath = "/access_token";

    private const string SampleToken = "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UU…";

    public static IEndpointRouteBuilder MapAgoraEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("")
            .WithTags("RTC tokens")
            .RequireAuthorization(BrokerTokenAuthentication.CallerPolicy)
            .RequiresCredentials(SecuritySchemes.AppToken, SecuritySchemes.Bearer)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        var expiresAt = Examples.Now.AddHours(1);

        group.MapPost(RtcTokensPath, CreateRtcToken.Handle)
            .WithName("CreateRtcToken")
            .WithSummary("An Agora RTC token (AccessToken2) for one channel, with the privileges the caller's role grants")
            .WithExamples(
                new RtcTokenRequest("support-4711", 2882341273, null, "publisher", 3600),
                new RtcTokenResponse(SampleToken, "support-4711", 2882341273, null, expiresAt, expiresAt.AddSeconds(-AgoraLifetime.RenewLeadSeconds)));

        group.MapPost(RtmTokensPath, CreateRtmToken.Handle)
            .WithName("CreateRtmToken")
            .WithSummary("An Agora RTM login token (role must grant `rtm:login`); userId defaults to the caller")
            .WithExamples(
                new RtmTokenRequest("bobsmith", null),
                new RtmTokenResponse(SampleToken, "bobsmith", expiresAt, expiresAt.AddSeconds(-AgoraLifetime.RenewLeadSeconds)));

        group.MapGet(AccessTokenPath, GetAccessToken.Handle)
            .WithName("GetAgoraAccessToken")
            .WithSummary("Drop-in for Agora's community token server: {\"token\"} for ?channel=&uid=")
            .WithExamples(response: new AccessTokenResponse(SampleToken));

        return endpoints;
    }
}
