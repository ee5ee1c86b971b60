using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Roles;

public static class ChangeRole
{
    public static async Task<Results<Ok<RoleResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string appId, string roleId, UpdateRoleRequest request, TokenBrokerDb db, AppCache apps, TimeProvider time, CancellationToken cancellationToken)
    {
        var role = await db.Roles.Include(r => r.App).FirstOrDefaultAsync(r => r.AppId == appId && r.Id == roleId, cancellationToken);
        if (role is null)
        {
            return RoleProblems.NotFound(roleId);
        }

        var cap = role.App!.MaxTtl;
        var validator = new RequestValidator();
        validator.Text("name", request.Name, Limits.Name, required: false);
        if (request.Permissions is not null)
        {
            validator.Permissions("permissions", request.Permissions);
        }

        validator.Range("maxTtl", request.MaxTtl, Limits.MinTtl, cap);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        if (request.Name is { } name && name != role.Name
            && await db.Roles.AnyAsync(r => r.AppId == appId && r.Name == name, cancellationToken))
        {
            return RoleProblems.NameTaken(name);
        }

        role.Name = request.Name ?? role.Name;
        role.Permissions = request.Permissions?.Select(p => p!).Distinct(StringComparer.Ordinal).ToList() ?? role.Permissions;
        role.MaxTtl = request.MaxTtl ?? role.MaxTtl;
        role.UpdatedAt = time.GetUtcNow();
        role.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The role was changed or deleted by another request, or its new name is taken; read it again and retry.");
        }

        apps.Invalidate(appId);
        return TypedResults.Ok(role.ToResponse(cap));
    }

    /// <summary>A role still assigned to members is kept (409): deleting it would silently lock them out.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string appId, string roleId, TokenBrokerDb db, AppCache apps, CancellationToken cancellationToken)
    {
        if (await db.Memberships.AnyAsync(m => m.AppId == appId && m.RoleId == roleId, cancellationToken))
        {
            return Problems.Conflict("The role is assigned to members; give them another role first.");
        }

        try
        {
            var deleted = await db.Roles.Where(r => r.AppId == appId && r.Id == roleId).ExecuteDeleteAsync(cancellationToken);
            apps.Invalidate(appId);
            return deleted == 0 ? RoleProblems.NotFound(roleId) : TypedResults.NoContent();
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The role was assigned to a member meanwhile; give them another role first.");
        }
    }
}
