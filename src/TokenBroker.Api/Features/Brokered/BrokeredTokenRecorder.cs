using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Brokered;

/// <summary>
/// Stores brokered tokens and their endpoints in batches: every token waiting is inserted, and every
/// endpoint touched is read once and updated, in one SaveChanges (one transaction). POST /v1/tokens
/// is the broker's busiest write; one statement set per batch instead of per request is what lets
/// SQLite's single writer keep up. A request is answered only after its batch committed. If a batch
/// fails (an app deleted meanwhile, another instance adding the same endpoint), its tokens are
/// stored one by one so that only the ones that cannot be stored fail.
/// </summary>
public sealed partial class BrokeredTokenRecorder(IServiceScopeFactory scopes, GroupCommit writes, ILogger<BrokeredTokenRecorder> logger) : BackgroundService
{
    public const int MaxBatch = 512;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>True once stored; false when the token's app no longer exists.</summary>
    public Task<bool> RecordAsync(BrokeredToken token)
    {
        var pending = new Pending(token);
        return _pending.Writer.TryWrite(pending) ? pending.Stored.Task : Task.FromException<bool>(new InvalidOperationException("The recorder is stopped."));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await StoreBatchAsync(batch, stoppingToken);
                batch.ForEach(p => p.Stored.TrySetResult(true));
            }
            catch (DbUpdateException ex)
            {
                LogBatchRetried(logger, batch.Count, ex);
                foreach (var pending in batch)
                {
                    _ = StoreAloneAsync(pending, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                batch.ForEach(p => p.Stored.TrySetException(ex));
            }
        }

        while (_pending.Reader.TryRead(out var left))
        {
            left.Stored.TrySetException(new OperationCanceledException("The broker is stopping."));
        }
    }

    private async Task StoreBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
        var appIds = batch.Select(p => p.Token.AppId).Distinct().ToList();
        var endpointIds = batch.Select(p => p.Token.EndpointId).Distinct().ToList();
        var endpoints = (await db.Endpoints
                .Where(e => appIds.Contains(e.AppId) && endpointIds.Contains(e.EndpointId))
                .ToListAsync(cancellationToken))
            .ToDictionary(e => (e.AppId, e.EndpointId));

        foreach (var token in batch.Select(p => p.Token))
        {
            if (endpoints.TryGetValue((token.AppId, token.EndpointId), out var endpoint))
            {
                endpoint.LastTokenAt = token.CreateTime > endpoint.LastTokenAt ? token.CreateTime : endpoint.LastTokenAt;
            }
            else
            {
                endpoint = new BrokeredEndpoint { AppId = token.AppId, EndpointId = token.EndpointId, FirstSeenAt = token.CreateTime, LastTokenAt = token.CreateTime };
                endpoints[(token.AppId, token.EndpointId)] = endpoint;
                db.Endpoints.Add(endpoint);
            }

            db.BrokeredTokens.Add(token);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The slow path after a failed batch: one token per write, through the group commit.</summary>
    private async Task StoreAloneAsync(Pending pending, CancellationToken cancellationToken)
    {
        var token = pending.Token;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                await writes.RunAsync(
                    async (db, ct) =>
                    {
                        var seen = await db.Endpoints
                            .Where(e => e.AppId == token.AppId && e.EndpointId == token.EndpointId)
                            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastTokenAt, token.CreateTime), ct);
                        if (seen == 0)
                        {
                            db.Endpoints.Add(new BrokeredEndpoint { AppId = token.AppId, EndpointId = token.EndpointId, FirstSeenAt = token.CreateTime, LastTokenAt = token.CreateTime });
                        }

                        db.BrokeredTokens.Add(token);
                        await db.SaveChangesAsync(ct);
                        return true;
                    },
                    cancellationToken);
                pending.Stored.TrySetResult(true);
                return;
            }
            catch (DbUpdateException)
            {
                // Another instance recorded this endpoint first (the retry updates it), or the app is gone.
            }
            catch (Exception ex)
            {
                pending.Stored.TrySetException(ex);
                return;
            }
        }

        pending.Stored.TrySetResult(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} brokered tokens failed; storing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception exception);

    private sealed record Pending(BrokeredToken Token)
    {
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
