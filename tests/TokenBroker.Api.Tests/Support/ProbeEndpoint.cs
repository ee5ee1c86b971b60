using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Tests.Support;

/// <summary>
/// Adds <c>GET /test/whoami</c> to a test broker: it authenticates with the broker's own JwtBearer
/// scheme and answers the token's <c>sub</c> (200) or 401, so tests see exactly what the broker accepts.
/// </summary>
public sealed class ProbeEndpoint : IStartupFilter
{
    public const string Path = "/test/whoami";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, ProbeEndpoint>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Not app.Map: that would move the path into PathBase and change the expected issuer.
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path != Path)
            {
                await nextMiddleware(context);
                return;
            }

            var result = await context.AuthenticateAsync(BrokerTokenAuthentication.Scheme);
            if (!result.Succeeded)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync(result.Failure?.Message ?? "no credential");
                return;
            }

            await context.Response.WriteAsync(result.Principal.FindFirstValue("sub") ?? "");
        });
        next(app);
    };
}
