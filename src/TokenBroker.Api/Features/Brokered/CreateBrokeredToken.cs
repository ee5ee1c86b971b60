using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Brokered;

public sealed record CreateTokenRequest(string? AppId, string? EndpointId, string? RoleId, string? RoleName, int? Ttl);

/// <summary>Respoke's shape: times are Unix seconds and <c>expiryTime - createTime == ttl</c>.</summary>
public sealed record BrokeredTokenResponse(string TokenId, string AppId, string EndpointId, string RoleId, long CreateTime, long ExpiryTime);

public static class CreateBrokeredToken
{
    public const string AppSecretHeader = "App-Secret";
    public const string TokenIdPrefix = "tbt_";

    public static async Task<Results<Ok<BrokeredTokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        CreateTokenRequest request, HttpContext http, AppCache apps, GroupCommit writes, TimeProvider time, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var validator = new RequestValidator();
        validator.Text("appId", request.AppId, Limits.Id);
        validator.Text("endpointId", request.EndpointId, Limits.Id);
        validator.Text("roleId", request.RoleId, Limits.Id, required: false);
        validator.Text("roleName", request.RoleName, Limits.Name, required: false);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var app = await apps.GetAsync(request.AppId!, cancellationToken);
        if (app is null)
        {
            return AppProblems.NotFound(request.AppId!);
        }

        if (Authenticate(http, app) is { } refused)
        {
            return refused;
        }

        var role = request.RoleId is { } roleId ? app.RoleById(roleId)
            : request.RoleName is { } roleName ? app.RoleByName(roleName)
            : app.DevelopmentMode ? app.DevelopmentRole : null;
        if (role is null)
        {
            return request.RoleId is null && request.RoleName is null
                ? Problems.Validation(new Dictionary<string, string[]> { ["roleId"] = ["is required (or roleName) unless the app is in development mode."] })
                : Problems.NotFound("No such role in this app.");
        }

        if (request.RoleId is not null && request.RoleName is not null && role.Name != request.RoleName)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["roleName"] = ["names a different role than roleId."] });
        }

        // CONTRACT §3: ttl defaults to the role's cap; outside 60..cap it is refused, not clamped.
        var ttl = request.Ttl ?? role.MaxTtl;
        if (ttl < Limits.MinTtl || ttl > role.MaxTtl)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["ttl"] = [$"must be between {Limits.MinTtl} and {role.MaxTtl} seconds for this role."] });
        }

        var now = time.GetUtcNow();
        var createTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var tokenId = OrderedSecret.Create(TokenIdPrefix, now);
        var token = new BrokeredToken
        {
            TokenIdHash = tokenId.StorageKey,
            AppId = app.Id,
            EndpointId = request.EndpointId!,
            RoleId = role.Id,
            CreateTime = createTime,
            ExpiryTime = createTime.AddSeconds(ttl),
        };
        // Stored (with its endpoint) before the answer, in a batch with other requests' writes.
        if (!await writes.RunAsync(writer => writer.InsertBrokeredToken(token), cancellationToken))
        {
            apps.Invalidate(app.Id);
            return AppProblems.NotFound(app.Id);
        }

        return TypedResults.Ok(new BrokeredTokenResponse(
            tokenId.Value, app.Id, token.EndpointId, role.Id, createTime.ToUnixTimeSeconds(), token.ExpiryTime.ToUnixTimeSeconds()));
    }

    /// <summary>The App-Secret header; it may be left out only while the app is in development mode.</summary>
    private static ProblemHttpResult? Authenticate(HttpContext http, AppSnapshot app)
    {
        if (!http.Request.Headers.TryGetValue(AppSecretHeader, out var presented))
        {
            return app.DevelopmentMode ? null : Problems.Unauthorized("The App-Secret header is required.");
        }

        return presented.Count == 1 && Secret.Matches(presented[0], app.SecretHash)
            ? null
            : Problems.Unauthorized("The App-Secret is not this app's secret.");
    }
}
