using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Apps;

public static class DeleteApp
{
    /// <summary>Deletes the app; roles, memberships and endpoints go with it (store cascades).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(string appId, TokenBrokerDb db, AppCache apps, CancellationToken cancellationToken)
    {
        var deleted = await db.Apps.Where(a => a.Id == appId).ExecuteDeleteAsync(cancellationToken);
        apps.Invalidate(appId);
        return deleted == 0 ? AppProblems.NotFound(appId) : TypedResults.NoContent();
    }
}
