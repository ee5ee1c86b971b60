using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Roles;

/// <summary><c>maxTtl</c> is the cap in force: the role's own, else the app's, never above the app's.</summary>
public sealed record RoleResponse(
    string RoleId,
    string AppId,
    string Name,
    IReadOnlyList<string> Permissions,
    int MaxTtl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record CreateRoleRequest(string? Name, List<string?>? Permissions, int? MaxTtl);

/// <summary>Fields left out (or null) keep their value.</summary>
public sealed record UpdateRoleRequest(string? Name, List<string?>? Permissions, int? MaxTtl);

public static class RoleMapping
{
    public static int EffectiveMaxTtl(int? roleMaxTtl, int appMaxTtl) => Math.Min(roleMaxTtl ?? appMaxTtl, appMaxTtl);

    public static RoleResponse ToResponse(this Role role, int appMaxTtl)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new(role.Id, role.AppId, role.Name, role.Permissions, EffectiveMaxTtl(role.MaxTtl, appMaxTtl), role.CreatedAt, role.UpdatedAt);
    }
}
