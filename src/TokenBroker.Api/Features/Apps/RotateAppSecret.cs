using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Apps;

public static class RotateAppSecret
{
    /// <summary>Replaces the secret in one update: from this moment the old one is refused.</summary>
    public static async Task<Results<Ok<AppSecretResponse>, ProblemHttpResult>> Handle(
        string appId, TokenBrokerDb db, AppCache apps, TimeProvider time, CancellationToken cancellationToken)
    {
        var secret = Secret.Create(CreateApp.SecretPrefix);
        var hash = Secret.Hash(secret);
        var now = time.GetUtcNow();
        var updated = await db.Apps.Where(a => a.Id == appId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.SecretHash, hash).SetProperty(a => a.UpdatedAt, now).SetProperty(a => a.Version, Guid.NewGuid()),
            cancellationToken);
        apps.Invalidate(appId);
        return updated == 0 ? AppProblems.NotFound(appId) : TypedResults.Ok(new AppSecretResponse(secret));
    }
}
