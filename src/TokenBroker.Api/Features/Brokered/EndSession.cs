using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Brokered;

public static class EndSession
{
    /// <summary>Logout: the presented token is refused from now on, on every instance.</summary>
    public static async Task<NoContent> Handle(ClaimsPrincipal user, RevocationList revocations, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await revocations.RevokeAsync(caller.Jti, caller.AppId, caller.ExpiresAt, cancellationToken);
        return TypedResults.NoContent();
    }
}
