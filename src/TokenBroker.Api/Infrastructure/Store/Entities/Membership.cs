namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>The role a user gets when signing in to an app by SSO.</summary>
public sealed class Membership
{
    public required string AppId { get; set; }
    public required string UserId { get; set; }
    public required string RoleId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
