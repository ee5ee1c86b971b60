using TokenBroker.Api.Infrastructure.OpenApi;

namespace TokenBroker.Api.Features.Roles;

public static class RolesEndpoints
{
    public static RouteGroupBuilder MapRolesEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var roles = admin.MapGroup("/apps/{appId}/roles").WithTags("Roles");

        roles.MapPost("/", CreateRole.Handle)
            .WithName("CreateRole")
            .WithSummary("Create a role (a permission set) in an app")
            .WithExamples(new CreateRoleRequest("agent", ["turn", "rtc:join", "rtc:publish-audio", "rtm:login"], 3600), Examples.Role);

        roles.MapGet("/", ReadRoles.List)
            .WithName("ListRoles")
            .WithSummary("List an app's roles")
            .WithExamples(response: Examples.RolePage);

        roles.MapGet("/{roleId}", ReadRoles.Get)
            .WithName("GetRole")
            .WithSummary("Read one role")
            .WithExamples(response: Examples.Role);

        roles.MapPatch("/{roleId}", ChangeRole.Update)
            .WithName("UpdateRole")
            .WithSummary("Change a role's name, permissions or TTL cap")
            .WithExamples(new UpdateRoleRequest(null, ["turn", "rtc:join"], null), Examples.Role);

        roles.MapDelete("/{roleId}", ChangeRole.Delete)
            .WithName("DeleteRole")
            .WithSummary("Delete a role that no member holds");

        return roles;
    }
}
