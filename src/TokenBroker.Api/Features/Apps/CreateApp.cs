using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Apps;

public sealed record CreateAppRequest(string? Name, List<string?>? RedirectUris, bool? DevelopmentMode, int? MaxTtl, bool? PublicClient);

public static class CreateApp
{
    public const string SecretPrefix = "tbs_";

    public static async Task<Results<Created<CreatedAppResponse>, ValidationProblem>> Handle(
        CreateAppRequest request, TokenBrokerDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        validator.Text("name", request.Name, Limits.Name);
        RedirectUriRules.Validate("redirectUris", request.RedirectUris, request.PublicClient ?? false, validator);
        validator.Range("maxTtl", request.MaxTtl, Limits.MinTtl, Limits.MaxAppTtl);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var now = time.GetUtcNow();
        var secret = Secret.Create(SecretPrefix);
        var app = new App
        {
            Id = Ids.New(time),
            Name = request.Name!,
            SecretHash = Secret.Hash(secret),
            RedirectUris = request.RedirectUris?.Select(u => u!).ToList() ?? [],
            DevelopmentMode = request.DevelopmentMode ?? false,
            PublicClient = request.PublicClient ?? false,
            MaxTtl = request.MaxTtl ?? Limits.DefaultAppTtl,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        db.Apps.Add(app);
        await db.SaveChangesAsync(cancellationToken);

        var response = new CreatedAppResponse(
            app.Id, secret, app.Name, app.RedirectUris, app.DevelopmentMode, app.MaxTtl, app.PublicClient, app.CreatedAt);
        return TypedResults.Created($"/v1/apps/{app.Id}", response);
    }
}
