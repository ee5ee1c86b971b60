using Microsoft.Data.Sqlite;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Moves committed pages from SQLite's write-ahead log into the database file, off the write path.
/// By default SQLite checkpoints inside the commit that crosses 1,000 WAL pages, so one batch of
/// the group commit (and every request waiting on it) would pay for copying the log and its fsyncs.
/// The writer's connection turns that off (<c>wal_autocheckpoint=0</c>); this service runs a
/// passive checkpoint, which never waits for readers or the writer, every <see cref="Interval"/>.
/// </summary>
public sealed partial class WalCheckpointer(StoreConnection store, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    connection ??= Open();
                    using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    checkpoint.ExecuteNonQuery();
                }
                catch (SqliteException ex)
                {
                    LogCheckpointFailed(logger, ex);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = SqliteTuning.Pragmas(store.Synchronous);
        pragmas.ExecuteNonQuery();
        return connection;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WAL checkpoint failed; retrying at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
