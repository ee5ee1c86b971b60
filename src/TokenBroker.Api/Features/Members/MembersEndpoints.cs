using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.OpenApi;

namespace TokenBroker.Api.Features.Members;

public static class MembersEndpoints
{
    public static RouteGroupBuilder MapMembersEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var members = admin.MapGroup("/apps/{appId}/members").WithTags("Members");
        var example = new MemberResponse(Examples.AppId, Examples.UserId, Examples.RoleId);

        members.MapPut("/{userId}", ManageMembers.Put)
            .WithName("SetMember")
            .WithSummary("Set the role a user gets when signing in to this app by SSO")
            .WithExamples(new SetMemberRequest(Examples.RoleId), example);

        members.MapGet("/", ManageMembers.List)
            .WithName("ListMembers")
            .WithSummary("List an app's members and their roles")
            .WithExamples(response: new Page<MemberResponse>([example], null));

        members.MapDelete("/{userId}", ManageMembers.Delete)
            .WithName("RemoveMember")
            .WithSummary("Remove a user from an app");

        return members;
    }
}
