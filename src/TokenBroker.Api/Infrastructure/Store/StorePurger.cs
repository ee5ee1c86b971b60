using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Deletes tokenIds and refresh tokens (and the refresh families they end) once they have been
/// expired for <see cref="DatabaseOptions.KeepExpiredFor"/>, every <see cref="DatabaseOptions.PurgeInterval"/>.
/// Without it the store would keep every credential it ever issued. Deletes go through the
/// <see cref="GroupCommit"/> in steps of <see cref="StepRows"/> rows, so each is one short write among
/// the requests' writes and none holds SQLite's write lock for long. Freed pages are reused by later
/// inserts; the file does not shrink (no VACUUM), it stops growing once issuance and expiry balance.
/// </summary>
public sealed partial class StorePurger(GroupCommit writes, TimeProvider time, IOptions<TokenBrokerOptions> options, ILogger<StorePurger> logger)
    : BackgroundService
{
    /// <summary>Rows of each kind one step deletes at most.</summary>
    public const int StepRows = 100;

    private readonly DatabaseOptions _settings = options.Value.Database;

    /// <summary>Deletes everything that has been expired long enough, step by step; returns what it deleted.</summary>
    public async Task<PurgedRows> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - _settings.KeepExpiredFor;
        var total = default(PurgedRows);
        PurgedRows step;
        do
        {
            step = await writes.RunAsync(writer => writer.PurgeExpired(before, StepRows), cancellationToken);
            total += step;
        }
        while (step.TokenIds == StepRows || step.RefreshTokens == StepRows);

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.PurgeInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var purged = await PurgeAsync(stoppingToken);
                    if (purged != default)
                    {
                        LogPurged(logger, purged.TokenIds, purged.RefreshTokens, purged.RefreshFamilies);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPurgeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged expired rows: {TokenIds} tokenIds, {RefreshTokens} refresh tokens, {RefreshFamilies} refresh families")]
    private static partial void LogPurged(ILogger logger, int tokenIds, int refreshTokens, int refreshFamilies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired rows failed; retrying at the next interval")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
