using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Roles;

public static class CreateRole
{
    public static async Task<Results<Created<RoleResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string appId, CreateRoleRequest request, TokenBrokerDb db, AppCache apps, TimeProvider time, CancellationToken cancellationToken)
    {
        var appMaxTtl = await db.Apps.Where(a => a.Id == appId).Select(a => (int?)a.MaxTtl).FirstOrDefaultAsync(cancellationToken);
        if (appMaxTtl is not { } cap)
        {
            return AppProblems.NotFound(appId);
        }

        var validator = new RequestValidator();
        validator.Text("name", request.Name, Limits.Name);
        validator.Permissions("permissions", request.Permissions);
        validator.Range("maxTtl", request.MaxTtl, Limits.MinTtl, cap);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        if (await db.Roles.AnyAsync(r => r.AppId == appId && r.Name == request.Name, cancellationToken))
        {
            return RoleProblems.NameTaken(request.Name!);
        }

        var now = time.GetUtcNow();
        var role = new Role
        {
            Id = Ids.New(time),
            AppId = appId,
            Name = request.Name!,
            Permissions = request.Permissions!.Select(p => p!).Distinct(StringComparer.Ordinal).ToList(),
            MaxTtl = request.MaxTtl,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        db.Roles.Add(role);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent create of the same name, or the app was deleted meanwhile.
            return RoleProblems.NameTaken(request.Name!);
        }

        apps.Invalidate(appId);
        return TypedResults.Created($"/v1/apps/{appId}/roles/{role.Id}", role.ToResponse(cap));
    }
}

public static class RoleProblems
{
    public static ProblemHttpResult NotFound(string roleId) =>
        Problems.NotFound(roleId.Length <= Limits.Id ? $"No role with id '{roleId}' in this app." : "No such role in this app.");

    public static ProblemHttpResult NameTaken(string name) =>
        Problems.Conflict($"The app already has a role named '{name}'.");
}
