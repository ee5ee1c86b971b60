using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Health;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store answers and a signing key is loaded.</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddBrokerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<SigningKeyHealthCheck>("signing-key", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .WithTags("Health").WithSummary("Liveness: 200 while the process runs").WithName("Healthz");
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .WithTags("Health").WithSummary("Readiness: 200 when the store is reachable and a signing key is loaded, else 503").WithName("Readyz");
        return endpoints;
    }

    private sealed class StoreHealthCheck(TokenBrokerDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await db.Database.CanConnectAsync(cancellationToken) && await db.SigningKeys.AnyAsync(cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The store is not reachable.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Readiness reports the failure; it must not turn into a 500.
                return HealthCheckResult.Unhealthy("The store is not reachable.");
            }
        }
    }

    private sealed class SigningKeyHealthCheck(SigningKeyRing ring) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(ring.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No signing key is loaded."));
    }
}
