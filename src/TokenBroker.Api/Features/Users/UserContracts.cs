using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? Type, string? DisplayName);

public sealed record UserResponse(string UserId, string Email, string Type, string? DisplayName, DateTimeOffset CreatedAt);

public static class UserMapping
{
    public static UserResponse ToResponse(this User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Id, user.Email, user.Type, user.DisplayName, user.CreatedAt);
    }
}
