using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Roles;

public static class ReadRoles
{
    public static async Task<Results<Ok<Page<RoleResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string appId, int? limit, string? after, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var (take, afterId) = Paging.Read(limit, after, validator);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var appMaxTtl = await db.Apps.Where(a => a.Id == appId).Select(a => (int?)a.MaxTtl).FirstOrDefaultAsync(cancellationToken);
        if (appMaxTtl is not { } cap)
        {
            return AppProblems.NotFound(appId);
        }

        var rows = await db.Roles.AsNoTracking()
            .Where(r => r.AppId == appId && (afterId == null || string.Compare(r.Id, afterId) > 0))
            .OrderBy(r => r.Id)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, r => r.Id, r => r.ToResponse(cap)));
    }

    public static async Task<Results<Ok<RoleResponse>, ProblemHttpResult>> Get(
        string appId, string roleId, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var role = await db.Roles.AsNoTracking().Include(r => r.App)
            .FirstOrDefaultAsync(r => r.AppId == appId && r.Id == roleId, cancellationToken);
        return role is null ? RoleProblems.NotFound(roleId) : TypedResults.Ok(role.ToResponse(role.App!.MaxTtl));
    }
}
