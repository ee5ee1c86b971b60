using System.Threading.Channels;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Group commit for the hot write paths. SQLite has one writer at a time: many requests each
/// opening their own write transaction mostly wait on each other's locks. Instead, requests hand
/// their write to this queue; one loop runs whatever is waiting in one transaction (each write in
/// its own savepoint, so one failure does not undo the others) and answers every request only after
/// the commit. Each write sees the ones before it, so one-time redemptions keep their single winner.
/// </summary>
public sealed partial class GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> logger) : BackgroundService
{
    public const int MaxBatch = 256;

    private readonly Channel<IWork> _work = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs <paramref name="write"/> in the next batch and returns its result once committed.</summary>
    public Task<T> RunAsync<T>(Func<TokenBrokerDb, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        var work = new Work<T>(write, cancellationToken);
        if (!_work.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The write queue is closed.");
        }

        return work.Result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IWork>(MaxBatch);
        while (await _work.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _work.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            await RunBatchAsync(batch, stoppingToken);
        }

        // Stopping: whatever was not run is answered, not left waiting.
        while (_work.Reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("The broker is stopping."));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _work.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task RunBatchAsync(List<IWork> batch, CancellationToken stoppingToken)
    {
        var done = new List<IWork>(batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            foreach (var work in batch)
            {
                await transaction.CreateSavepointAsync("w", stoppingToken);
                try
                {
                    await work.ExecuteAsync(db);
                    await transaction.ReleaseSavepointAsync("w", stoppingToken);
                    done.Add(work);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    await transaction.RollbackToSavepointAsync("w", stoppingToken);
                    work.Fail(ex);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }

            await transaction.CommitAsync(stoppingToken);
        }
        catch (Exception ex)
        {
            LogBatchFailed(logger, batch.Count, ex);
            foreach (var work in done)
            {
                work.Fail(ex);
            }

            return;
        }

        foreach (var work in done)
        {
            work.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} writes failed to commit")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private interface IWork
    {
        Task ExecuteAsync(TokenBrokerDb db);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Work<T>(Func<TokenBrokerDb, CancellationToken, Task<T>> write, CancellationToken cancellationToken) : IWork
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public async Task ExecuteAsync(TokenBrokerDb db)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _value = await write(db, cancellationToken);
        }

        public void Complete() => _result.TrySetResult(_value!);

        public void Fail(Exception exception) => _result.TrySetException(exception);
    }
}
