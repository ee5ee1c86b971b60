using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Apps;

public static class ReadApps
{
    public static async Task<Results<Ok<Page<AppResponse>>, ValidationProblem>> List(
        int? limit, string? after, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var (take, afterId) = Paging.Read(limit, after, validator);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var rows = await db.Apps.AsNoTracking()
            .Where(a => afterId == null || string.Compare(a.Id, afterId) > 0)
            .OrderBy(a => a.Id)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, a => a.Id, a => a.ToResponse()));
    }

    public static async Task<Results<Ok<AppResponse>, ProblemHttpResult>> Get(
        string appId, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var app = await db.Apps.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appId, cancellationToken);
        return app is null ? AppProblems.NotFound(appId) : TypedResults.Ok(app.ToResponse());
    }
}

public static class AppProblems
{
    public static ProblemHttpResult NotFound(string appId) =>
        Problems.NotFound(appId.Length <= Limits.Id ? $"No app with id '{appId}'." : "No such app.");
}
