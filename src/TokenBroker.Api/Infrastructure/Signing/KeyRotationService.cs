using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>Keeps the key schedule current and picks up keys other instances added.</summary>
public sealed partial class KeyRotationService(
    SigningKeyRing ring,
    TimeProvider time,
    IOptions<TokenBrokerOptions> options,
    ILogger<KeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Signing.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.EnsureScheduleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store outage must not stop rotation for good; the next tick tries again.
                LogRotationFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing key schedule check failed")]
    private static partial void LogRotationFailed(ILogger logger, Exception exception);
}
