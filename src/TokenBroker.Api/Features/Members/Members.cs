using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Features.Users;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Members;

public sealed record SetMemberRequest(string? RoleId);

public sealed record MemberResponse(string AppId, string UserId, string RoleId);

public static class ManageMembers
{
    /// <summary>Gives a user a role in an app (creating or replacing the membership).</summary>
    public static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> Put(
        string appId, string userId, SetMemberRequest request, TokenBrokerDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Apps.AnyAsync(a => a.Id == appId, cancellationToken))
        {
            return AppProblems.NotFound(appId);
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return ManageUsers.NotFound(userId);
        }

        var validator = new RequestValidator();
        validator.Text("roleId", request.RoleId, Limits.Id);
        if (validator.IsValid && !await db.Roles.AnyAsync(r => r.AppId == appId && r.Id == request.RoleId, cancellationToken))
        {
            validator.Add("roleId", "is not a role of this app.");
        }

        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var now = time.GetUtcNow();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.AppId == appId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { AppId = appId, UserId = userId, RoleId = request.RoleId!, CreatedAt = now, UpdatedAt = now });
        }
        else
        {
            membership.RoleId = request.RoleId!;
            membership.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The membership changed meanwhile (or its app, user or role was deleted); retry.");
        }

        return TypedResults.Ok(new MemberResponse(appId, userId, request.RoleId!));
    }

    public static async Task<Results<Ok<Page<MemberResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string appId, int? limit, string? after, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var (take, afterId) = Paging.Read(limit, after, validator);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        if (!await db.Apps.AnyAsync(a => a.Id == appId, cancellationToken))
        {
            return AppProblems.NotFound(appId);
        }

        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.AppId == appId && (afterId == null || string.Compare(m.UserId, afterId) > 0))
            .OrderBy(m => m.UserId)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, m => m.UserId, m => new MemberResponse(m.AppId, m.UserId, m.RoleId)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string appId, string userId, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var deleted = await db.Memberships.Where(m => m.AppId == appId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound("This user is not a member of this app.") : TypedResults.NoContent();
    }
}
