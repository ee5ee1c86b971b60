using System.Threading.Channels;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Group commit for the hot write paths. SQLite has one writer at a time: many requests each
/// opening their own write transaction mostly wait on each other's locks. Instead, requests hand
/// their write to this queue; one loop runs whatever is waiting in one transaction on its own
/// connection and answers every request only after the commit. Each write sees the ones before it,
/// so one-time redemptions keep their single winner. A write that fails rolls back its batch, whose
/// writes then run again one transaction each, in the same order: the failing one fails alone, and
/// nothing half-done is committed. (A savepoint per write would do the same on the rare failure;
/// its statements and page journal cost an activation about 8 % of its throughput on every write,
/// see docs/performance.md.) So a write must be a function of the store alone: it may run twice.
/// </summary>
public sealed partial class GroupCommit(StoreConnection store, ILogger<GroupCommit> logger) : BackgroundService
{
    public const int MaxBatch = 512;

    private readonly Channel<IWork> _work = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private StoreWriter? _writer;
    private volatile bool _checkpointRequested;

    /// <summary>Asks the loop to checkpoint the rest of the WAL after its current batch (see <see cref="WalCheckpointer"/>).</summary>
    public void RequestCheckpoint() => _checkpointRequested = true;

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch and returns its result once committed. It may
    /// run twice (when another write of its batch fails), so it must not change anything but the store.
    /// </summary>
    public Task<T> RunAsync<T>(Func<StoreWriter, T> write, CancellationToken cancellationToken = default)
    {
        var work = new Work<T>(write, cancellationToken);
        if (!_work.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The write queue is closed.");
        }

        return work.Result;
    }

    /// <summary>
    /// The loop has its own thread. On a thread-pool thread, the continuations of a committed batch
    /// went to that thread's local queue, which it serves newest first and other threads only steal
    /// from after the global queue: requests whose write was done waited behind newly arrived ones.
    /// From this thread they join the global queue in commit order.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Loop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken stoppingToken)
    {
        var batch = new List<IWork>(MaxBatch);
        var done = new List<IWork>(MaxBatch);
        try
        {
            while (_work.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _work.Reader.TryRead(out var work))
                {
                    batch.Add(work);
                }

                RunBatch(batch, done);
                if (_checkpointRequested)
                {
                    _checkpointRequested = false;
                    Checkpoint();
                }
            }
        }
        finally
        {
            // Stopping: whatever was not run is answered, not left waiting.
            while (_work.Reader.TryRead(out var left))
            {
                left.Fail(new OperationCanceledException("The broker is stopping."));
            }

            _writer?.Dispose();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _work.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void RunBatch(List<IWork> batch, List<IWork> done)
    {
        if (TryRun(batch, done) is not { } failure)
        {
            CompleteAll(done);
            return;
        }

        if (batch.Count == 1)
        {
            batch[0].Fail(failure);
            return;
        }

        LogBatchReplayed(logger, batch.Count, failure);
        var alone = new List<IWork>(1);
        foreach (var work in batch)
        {
            alone.Clear();
            alone.Add(work);
            if (TryRun(alone, done) is { } own)
            {
                work.Fail(own);
            }
            else
            {
                CompleteAll(done);
            }
        }
    }

    /// <summary>Runs the writes in one transaction; the exception that rolled it back, or null once committed.</summary>
    private Exception? TryRun(List<IWork> works, List<IWork> done)
    {
        done.Clear();
        try
        {
            // Opened on first use: by then the store initializer has migrated the schema.
            _writer ??= new StoreWriter(store);
            _writer.Begin();
            foreach (var work in works)
            {
                if (work.IsCancelled)
                {
                    work.Fail(new OperationCanceledException("The request was cancelled before its write ran."));
                    continue;
                }

                work.Execute(_writer);
                done.Add(work);
            }

            _writer.Commit();
            return null;
        }
        catch (Exception ex)
        {
            Discard();
            return ex;
        }
    }

    private static void CompleteAll(List<IWork> done)
    {
        foreach (var work in done)
        {
            work.Complete();
        }
    }

    private void Checkpoint()
    {
        try
        {
            _writer?.Checkpoint();
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException)
        {
            LogCheckpointFailed(logger, ex);
        }
    }

    /// <summary>After a failed batch the connection starts over, so no half-open transaction outlives it.</summary>
    private void Discard()
    {
        try
        {
            _writer?.Rollback();
        }
        catch (Exception ex)
        {
            LogRollbackFailed(logger, ex);
        }

        _writer?.Dispose();
        _writer = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write failed in a batch of {Count}; its writes run again one transaction each")]
    private static partial void LogBatchReplayed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The writer's WAL checkpoint failed; the next one retries")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back a failed batch failed; the writer's connection is reopened")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception);

    private interface IWork
    {
        bool IsCancelled { get; }

        void Execute(StoreWriter writer);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Work<T>(Func<StoreWriter, T> write, CancellationToken cancellationToken) : IWork
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public bool IsCancelled => cancellationToken.IsCancellationRequested;

        public void Execute(StoreWriter writer) => _value = write(writer);

        public void Complete() => _result.TrySetResult(_value!);

        public void Fail(Exception exception) => _result.TrySetException(exception);
    }
}
