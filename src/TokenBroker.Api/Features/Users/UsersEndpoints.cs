using TokenBroker.Api.Infrastructure.OpenApi;

namespace TokenBroker.Api.Features.Users;

public static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var users = admin.MapGroup("/users").WithTags("Users");

        users.MapPost("/", ManageUsers.Create)
            .WithName("CreateUser")
            .WithSummary("Create an agent or admin who can sign in by SSO")
            .WithExamples(new CreateUserRequest("ada@acme.example", "correct-horse-battery", "agent", "Ada"), Examples.User);

        users.MapGet("/", ManageUsers.List)
            .WithName("ListUsers")
            .WithSummary("List users, oldest first")
            .WithExamples(response: new Infrastructure.Http.Page<UserResponse>([Examples.User], null));

        users.MapGet("/{userId}", ManageUsers.Get)
            .WithName("GetUser")
            .WithSummary("Read one user")
            .WithExamples(response: Examples.User);

        users.MapDelete("/{userId}", ManageUsers.Delete)
            .WithName("DeleteUser")
            .WithSummary("Delete a user and their app memberships");

        return users;
    }
}
