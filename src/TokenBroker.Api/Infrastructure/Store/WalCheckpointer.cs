using Microsoft.Data.Sqlite;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Moves committed pages from SQLite's write-ahead log into the database file, mostly off the write
/// path. By default SQLite checkpoints inside the commit that crosses 1,000 WAL pages, so one batch
/// of the group commit (and every request waiting on it) would pay for copying the log. Our
/// connections turn that off (<c>wal_autocheckpoint=0</c>); every <see cref="Interval"/> this
/// service runs a passive checkpoint, which never waits for readers or the writer, on its own
/// connection. Under a steady stream of writes that alone never catches up with the log's end, so
/// the log could never start over and would grow without bound; so once the log holds
/// <see cref="RestartFrames"/>, a run asks the <see cref="GroupCommit"/> to checkpoint the few frames
/// committed meanwhile between two batches, after which its next transaction restarts the log (and
/// trims the file to 128 MiB).
/// </summary>
public sealed partial class WalCheckpointer(StoreConnection store, GroupCommit writes, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The log starts over once it holds this many frames (of 4 KiB): about 128 MiB.</summary>
    public const long RestartFrames = 32768;

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

                    // A second pass copies what was committed during the first, so what is left
                    // for the writer is small.
                    Checkpoint(connection);
                    if (Checkpoint(connection) >= RestartFrames)
                    {
                        writes.RequestCheckpoint();
                    }
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

    /// <summary>Runs a passive checkpoint; returns the number of frames in the log.</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var result = checkpoint.ExecuteReader();
        return result.Read() ? result.GetInt64(1) : 0;
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
