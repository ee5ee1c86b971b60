using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Endpoints;

/// <summary>An end user the app brokered tokens for; both times are of <c>POST /v1/tokens</c> calls.</summary>
public sealed record EndpointResponse(string EndpointId, DateTimeOffset FirstSeenAt, DateTimeOffset LastTokenAt);

public static class EndpointsEndpoints
{
    public static RouteGroupBuilder MapEndpointsListing(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/apps/{appId}/endpoints").WithTags("Endpoints");
        group.MapGet("/", List)
            .WithName("ListEndpoints")
            .WithSummary("List the endpoints (end users) an app brokered tokens for")
            .WithExamples(response: new Page<EndpointResponse>([new EndpointResponse("bobsmith", Examples.Now, Examples.Now)], null));
        return group;
    }

    public static async Task<Results<Ok<Page<EndpointResponse>>, ValidationProblem, ProblemHttpResult>> List(
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

        var rows = await db.Endpoints.AsNoTracking()
            .Where(e => e.AppId == appId && (afterId == null || string.Compare(e.EndpointId, afterId) > 0))
            .OrderBy(e => e.EndpointId)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, e => e.EndpointId, e => new EndpointResponse(e.EndpointId, e.FirstSeenAt, e.LastTokenAt)));
    }
}
