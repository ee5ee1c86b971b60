using TokenBroker.Api.Infrastructure.OpenApi;

namespace TokenBroker.Api.Features.Apps;

public static class AppsEndpoints
{
    public static RouteGroupBuilder MapAppsEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var apps = admin.MapGroup("/apps").WithTags("Apps");
        var now = Examples.Now;

        apps.MapPost("/", CreateApp.Handle)
            .WithName("CreateApp")
            .WithSummary("Register an app; its secret is shown in this response only")
            .WithExamples(
                new CreateAppRequest("Acme Support", ["https://app.acme.example/sso/callback"], false, 3600, false),
                new CreatedAppResponse(Examples.AppId, "tbs_…shown once…", "Acme Support", ["https://app.acme.example/sso/callback"], false, 3600, false, now));

        apps.MapGet("/", ReadApps.List)
            .WithName("ListApps")
            .WithSummary("List apps, oldest first (keyset pages: ?limit=&after=)")
            .WithExamples(response: Examples.AppPage);

        apps.MapGet("/{appId}", ReadApps.Get)
            .WithName("GetApp")
            .WithSummary("Read one app (never its secrets)")
            .WithExamples(response: Examples.App);

        apps.MapPatch("/{appId}", UpdateApp.Handle)
            .WithName("UpdateApp")
            .WithSummary("Change app fields, TURN settings or Agora settings (secrets are write-only)")
            .WithExamples(
                new UpdateAppRequest(null, null, null, 7200, null,
                    new TurnSettingsRequest("shared-turn-secret", ["turn:turn.acme.example:3478?transport=udp"]),
                    new AgoraSettingsRequest("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b")),
                Examples.App);

        apps.MapDelete("/{appId}", DeleteApp.Handle)
            .WithName("DeleteApp")
            .WithSummary("Delete an app with its roles, members and endpoints; its tokens stop working");

        apps.MapPost("/{appId}/secret", RotateAppSecret.Handle)
            .WithName("RotateAppSecret")
            .WithSummary("Issue a new app secret; the old one stops working at once")
            .WithExamples(response: new AppSecretResponse("tbs_…shown once…"));

        return apps;
    }
}
