using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Turn;

/// <summary>TURN REST API credentials, as coturn's <c>use-auth-secret</c> checks them.</summary>
public sealed record TurnCredentialsResponse(string Username, string Password, long Ttl, IReadOnlyList<string> Uris);

public static class TurnEndpoints
{
    public const string Permission = "turn";

    /// <summary>No TURN credential outlives a day, however long the session.</summary>
    public const long MaxTtl = 86400;

    public static IEndpointRouteBuilder MapTurnEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/turn", Handle)
            .WithTags("TURN")
            .RequireAuthorization(BrokerTokenAuthentication.CallerPolicy)
            .RequiresCredentials(SecuritySchemes.AppToken, SecuritySchemes.Bearer)
            .WithName("CreateTurnCredentials")
            .WithSummary("TURN credentials for the caller (role must grant `turn`)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(response: new TurnCredentialsResponse("1795429800:bobsmith", "q3sN0n…=", 3600, ["turn:turn.acme.example:3478?transport=udp"]));
        return endpoints;
    }

    public static async Task<Results<Ok<TurnCredentialsResponse>, ProblemHttpResult>> Handle(
        ClaimsPrincipal user, HttpContext http, AppCache apps, SettingProtector protector, TimeProvider time, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var caller = Caller.From(user);
        if (!caller.Has(Permission))
        {
            return Problems.Forbidden("The caller's role does not grant `turn`.");
        }

        var app = await apps.GetAsync(caller.AppId, cancellationToken);
        if (app?.TurnSecret(protector) is not { } secret)
        {
            return Problems.Conflict("This app has no TURN settings; an operator sets them with PATCH /v1/apps/{appId}.", Problems.NotConfigured);
        }

        // CONTRACT §3: the credential never outlives the session that bought it.
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var ttl = Math.Min(caller.ExpiresAt.ToUnixTimeSeconds() - now, MaxTtl);
        var username = $"{now + ttl}:{caller.Subject}";
#pragma warning disable CA5350 // HMAC-SHA1 is what the TURN REST scheme and coturn's use-auth-secret define.
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
        return TypedResults.Ok(new TurnCredentialsResponse(username, password, ttl, app.TurnUris));
    }
}
