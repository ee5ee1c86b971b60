using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Features.Roles;
using TokenBroker.Api.Features.Users;
using TokenBroker.Api.Infrastructure.Http;

namespace TokenBroker.Api.Infrastructure.OpenApi;

/// <summary>Sample values for Swagger UI; they describe shapes, not real data.</summary>
public static class Examples
{
    public const string Issuer = "https://broker.acme.example";
    public const string AppId = "0196b7a4-3c1e-7d2a-9f00-5a1b2c3d4e5f";
    public const string RoleId = "0196b7a4-4d2f-7e3b-8a11-6b2c3d4e5f60";
    public const string UserId = "0196b7a4-5e30-7f4c-9b22-7c3d4e5f6071";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    public static AppResponse App { get; } = new(
        AppId, "Acme Support", ["https://app.acme.example/sso/callback"], false, 3600, false, Now, Now,
        new TurnSettingsView(true, ["turn:turn.acme.example:3478?transport=udp"]),
        new AgoraSettingsView("970CA35de60c44645bbae8a215061b33", true));

    public static Page<AppResponse> AppPage { get; } = new([App], null);

    public static RoleResponse Role { get; } = new(RoleId, AppId, "agent", ["turn", "rtc:join", "rtc:publish-audio", "rtm:login"], 3600, Now, Now);

    public static Page<RoleResponse> RolePage { get; } = new([Role], null);

    public static UserResponse User { get; } = new(UserId, "ada@acme.example", "agent", "Ada", Now);
}
