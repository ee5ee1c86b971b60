using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Brokered;

public sealed record ActivateSessionRequest(string? AppId, string? TokenId);

public sealed record SessionTokenResponse(string Message, string Token, long ExpiryTime);

public static class ActivateSession
{
    public const string SuccessMessage = "Authorization successful";

    public static async Task<Results<Ok<SessionTokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        ActivateSessionRequest request,
        HttpContext http,
        GroupCommit writes,
        AppCache apps,
        TokenSigner signer,
        IssuerResolver issuers,
        TimeProvider time,
        IOptions<TokenBrokerOptions> options,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var validator = new RequestValidator();
        validator.Text("tokenId", request.TokenId, 512);
        validator.Text("appId", request.AppId, Limits.Id, required: false);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var hash = OrderedSecret.StorageKey(request.TokenId!, CreateBrokeredToken.TokenIdPrefix);
        var appId = request.AppId;
        var now = time.GetUtcNow();
        var activatableSince = now - options.Value.Brokered.ActivationWindow;

        // CONTRACT §3: single use. One conditional update decides the one winner among concurrent
        // activations; an appId that does not match leaves the tokenId unused.
        var token = await writes.RunAsync(writer => writer.Activate(hash, appId, activatableSince, now), cancellationToken);
        if (token is null)
        {
            // Only a refusal needs a DbContext: resolving one on every activation costs a pool lease.
            var db = http.RequestServices.GetRequiredService<TokenBrokerDb>();
            var known = await db.BrokeredTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenIdHash == hash, cancellationToken);
            return WhyRefused(known is null || (appId is not null && known.AppId != appId), known?.ActivatedAt is not null);
        }

        var role = (await apps.GetAsync(token.AppId, cancellationToken))?.RoleById(token.RoleId);
        if (role is null)
        {
            return Problems.Unauthorized("The role this tokenId was brokered for no longer exists.", Problems.InvalidToken);
        }

        var session = await signer.SignAsync(new SecurityTokenDescriptor
        {
            Issuer = issuers.GetIssuer(http),
            Audience = token.AppId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,

            // A session lives until its tokenId's expiryTime, whenever it was activated.
            Expires = token.ExpiryTime.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = token.EndpointId,
                ["role"] = token.RoleId,
                ["permissions"] = role.Permissions,
                ["jti"] = RandomBytes.NewId(),
                ["token_use"] = "session",
            },
        }, cancellationToken);

        return TypedResults.Ok(new SessionTokenResponse(SuccessMessage, session, token.ExpiryTime.ToUnixTimeSeconds()));
    }

    private static ProblemHttpResult WhyRefused(bool unknown, bool used) =>
        unknown ? Problems.Unauthorized("Unknown tokenId.", Problems.InvalidToken)
        : used ? Problems.Conflict("This tokenId was already used; broker a new one for every connection.", Problems.TokenUsed)
        : Problems.Unauthorized("This tokenId was not activated in time.", Problems.TokenExpired);
}
