using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Brokered;

/// <summary>Brokered authentication (CONTRACT §3, the Respoke pattern).</summary>
public static class BrokeredEndpoints
{
    public static IEndpointRouteBuilder MapBrokeredEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1").WithTags("Brokered tokens");

        group.MapPost("/tokens", CreateBrokeredToken.Handle)
            .AllowAnonymous()
            .RequiresCredentials(SecuritySchemes.AppSecret)
            .WithName("CreateBrokeredToken")
            .WithSummary("Broker a one-time tokenId for an end user (App-Secret; optional in development mode)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(
                new CreateTokenRequest(Examples.AppId, "bobsmith", Examples.RoleId, null, 3600),
                new BrokeredTokenResponse("tbt_…", Examples.AppId, "bobsmith", Examples.RoleId, 1795426200, 1795429800));

        group.MapPost("/session-tokens", ActivateSession.Handle)
            .AllowAnonymous()
            .WithName("ActivateSession")
            .WithSummary("Exchange a tokenId, once, for a session token (sent later as App-Token)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(
                new ActivateSessionRequest(Examples.AppId, "tbt_…"),
                new SessionTokenResponse(ActivateSession.SuccessMessage, "eyJhbGciOiJFUzI1NiIs…", 1795429800));

        group.MapDelete("/session-tokens", EndSession.Handle)
            .RequireAuthorization(BrokerTokenAuthentication.CallerPolicy)
            .RequiresCredentials(SecuritySchemes.AppToken, SecuritySchemes.Bearer)
            .WithName("EndSession")
            .WithSummary("Log out: the presented session token stops working")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return endpoints;
    }
}
