using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Store;

/// <summary>The group commit and its prepared statements, against the real SQLite file.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public GroupCommitTests() => _ = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    private GroupCommit Writes => _broker.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task FailedWrite_IsUndone_WithoutUndoingTheOthersOfItsBatch()
    {
        var app = await TestApps.CreateAsync(_broker);
        var before = Token(app.AppId, "alice");
        var failing = Token(app.AppId, "mallory");
        var after = Token(app.AppId, "bob");

        // Queued back to back, so they normally share one transaction.
        var first = Writes.RunAsync(w => w.InsertBrokeredToken(before));
        var second = Writes.RunAsync<bool>(w =>
        {
            w.InsertBrokeredToken(failing);
            throw new InvalidOperationException("fails after its insert");
        });
        var third = Writes.RunAsync(w => w.InsertBrokeredToken(after));

        Assert.True(await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.True(await third);
        var stored = await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.EndpointId).ToListAsync());
        Assert.Equal(["alice", "bob"], stored.Order());
        var endpoints = await _broker.WithStoreAsync(db => db.Endpoints.Select(e => e.EndpointId).ToListAsync());
        Assert.Equal(["alice", "bob"], endpoints.Order());
    }

    [Fact]
    public async Task WriteFailingOnAStatement_FailsAlone_AndTheOthersOfItsBatchCommit()
    {
        var app = await TestApps.CreateAsync(_broker);
        var before = Token(app.AppId, "alice");
        var after = Token(app.AppId, "bob");

        // A family of an app and a user that do not exist: the foreign keys refuse its one statement.
        var orphan = new RefreshFamily { Id = "orphan", AppId = "01000000-0000-7000-8000-000000000000", UserId = "nobody", CreatedAt = before.CreateTime };
        var first = Writes.RunAsync(w => w.InsertBrokeredToken(before));
        var failing = Writes.RunAsync(w =>
        {
            w.InsertRefreshFamily(orphan);
            return true;
        });
        var third = Writes.RunAsync(w => w.InsertBrokeredToken(after));

        Assert.True(await first);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => failing);
        Assert.True(await third);
        var stored = await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.EndpointId).ToListAsync());
        Assert.Equal(["alice", "bob"], stored.Order());
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.RefreshFamilies.CountAsync()));
    }

    [Fact]
    public async Task WritesRunAgainAfterAFailure_KeepTheirOrder_SoARedemptionKeepsItsOneWinner()
    {
        var app = await TestApps.CreateAsync(_broker);
        var token = Token(app.AppId, "frank");
        await Writes.RunAsync(w => w.InsertBrokeredToken(token));
        var since = token.CreateTime.AddHours(-1);
        var now = token.CreateTime.AddSeconds(10);

        // The failing write activates the token before it throws; its activation must not count.
        var first = Writes.RunAsync(w => w.InsertBrokeredToken(Token(app.AppId, "grace")));
        var failing = Writes.RunAsync<ActivatedToken?>(w =>
        {
            Assert.NotNull(w.Activate(token.TokenIdHash, app.AppId, since, now));
            throw new InvalidOperationException("fails after its statement");
        });
        var attempts = Enumerable.Range(0, 5).Select(_ => Writes.RunAsync(w => w.Activate(token.TokenIdHash, app.AppId, since, now))).ToList();

        Assert.True(await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        var results = await Task.WhenAll(attempts);
        Assert.NotNull(results[0]);
        Assert.All(results.Skip(1), Assert.Null);
        Assert.Equal(["frank", "grace"], (await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.EndpointId).ToListAsync())).Order());
        Assert.Equal(now, await _broker.WithStoreAsync(db => db.BrokeredTokens.Where(t => t.TokenIdHash == token.TokenIdHash).Select(t => t.ActivatedAt).SingleAsync()));
    }

    [Fact]
    public async Task InsertBrokeredToken_ForAnAppThatNoLongerExists_StoresNothing()
    {
        var stored = await Writes.RunAsync(w => w.InsertBrokeredToken(Token("01000000-0000-7000-8000-000000000000", "ghost")));

        Assert.False(stored);
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.BrokeredTokens.CountAsync()));
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.Endpoints.CountAsync()));
    }

    [Fact]
    public async Task Writes_ReadBackThroughEfCore_WithTheSameTimes()
    {
        var app = await TestApps.CreateAsync(_broker);
        var earlier = Token(app.AppId, "carol", new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var later = Token(app.AppId, "carol", earlier.CreateTime.AddMinutes(5));

        await Writes.RunAsync(w => w.InsertBrokeredToken(later));
        await Writes.RunAsync(w => w.InsertBrokeredToken(earlier));

        var read = await _broker.WithStoreAsync(db => db.BrokeredTokens.AsNoTracking().SingleAsync(t => t.TokenIdHash == earlier.TokenIdHash));
        Assert.Equal(earlier.CreateTime, read.CreateTime);
        Assert.Equal(earlier.ExpiryTime, read.ExpiryTime);
        Assert.Null(read.ActivatedAt);

        // The endpoint keeps when it was first recorded and the latest token's time, whatever the order.
        var endpoint = await _broker.WithStoreAsync(db => db.Endpoints.AsNoTracking().SingleAsync());
        Assert.Equal(later.CreateTime, endpoint.FirstSeenAt);
        Assert.Equal(later.CreateTime, endpoint.LastTokenAt);
    }

    [Fact]
    public async Task Activate_HasOneWinner_AndReturnsTheStoredToken()
    {
        var app = await TestApps.CreateAsync(_broker);
        var token = Token(app.AppId, "dave");
        await Writes.RunAsync(w => w.InsertBrokeredToken(token));
        var now = token.CreateTime.AddSeconds(10);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Writes.RunAsync(w => w.Activate(token.TokenIdHash, app.AppId, token.CreateTime.AddHours(-1), now))));

        var winner = Assert.Single(attempts, a => a is not null)!;
        Assert.Equal(new ActivatedToken(app.AppId, "dave", token.RoleId, token.ExpiryTime), winner);
        var stored = await _broker.WithStoreAsync(db => db.BrokeredTokens.AsNoTracking().SingleAsync());
        Assert.Equal(now, stored.ActivatedAt);
    }

    [Fact]
    public async Task Activate_ForAnotherApp_LeavesTheTokenUnused()
    {
        var app = await TestApps.CreateAsync(_broker);
        var token = Token(app.AppId, "erin");
        await Writes.RunAsync(w => w.InsertBrokeredToken(token));
        var now = token.CreateTime.AddSeconds(10);

        Assert.Null(await Writes.RunAsync(w => w.Activate(token.TokenIdHash, "another-app", token.CreateTime.AddHours(-1), now)));
        Assert.Null(await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.ActivatedAt).SingleAsync()));
        Assert.NotNull(await Writes.RunAsync(w => w.Activate(token.TokenIdHash, null, token.CreateTime.AddHours(-1), now)));
    }

    [Fact]
    public async Task Checkpoints_RunOffTheWritePath_OnTheCheckpointersClock()
    {
        var app = await TestApps.CreateAsync(_broker);
        var database = new FileInfo(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_broker.ConnectionString).DataSource);
        var sizeBefore = Size(database);

        // Far more than SQLite's 1,000-page automatic checkpoint threshold, through the group commit.
        for (var batch = 0; batch < 20; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
                Writes.RunAsync(w => w.InsertBrokeredToken(Token(app.AppId, $"endpoint-{batch}-{i}-{new string('x', 200)}")))));
        }

        Assert.True(new FileInfo(database.FullName + "-wal").Length > 1000 * 4096, "the WAL holds the writes");
        Assert.Equal(sizeBefore, Size(database));

        _broker.Time.Advance(WalCheckpointer.Interval);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Size(database) == sizeBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(Size(database) > sizeBefore + (1000 * 4096), "the checkpointer copied the WAL into the database file");
    }

    [Fact]
    public async Task AfterTheWritersCheckpoint_TheLogStartsOver_InsteadOfGrowing()
    {
        var app = await TestApps.CreateAsync(_broker);
        var wal = new FileInfo(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_broker.ConnectionString).DataSource + "-wal");
        await WriteManyAsync(app.AppId, "first");
        var restarts = LogRestarts(wal);

        Writes.RequestCheckpoint();
        await Writes.RunAsync(w => w.InsertBrokeredToken(Token(app.AppId, "checkpointed-after-this")));
        await WriteManyAsync(app.AppId, "second");

        // The log started over once: the second writes went to the start of the file, not after the
        // first. (Its size is no measure of that: how many pages a batch writes depends on how the
        // machine's load batched the writes.)
        Assert.Equal(restarts + 1, LogRestarts(wal));
    }

    /// <summary>
    /// How often the log has started over: SQLite counts it in the log's header, the "checkpoint
    /// sequence number" (bytes 12–15, big-endian), when the first frame after a restart is written.
    /// </summary>
    private static uint LogRestarts(FileInfo wal)
    {
        using var file = new FileStream(wal.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    private async Task WriteManyAsync(string appId, string prefix)
    {
        for (var batch = 0; batch < 10; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
                Writes.RunAsync(w => w.InsertBrokeredToken(Token(appId, $"{prefix}-{batch}-{i}-{new string('x', 200)}")))));
        }
    }

    private static long Size(FileInfo file)
    {
        file.Refresh();
        return file.Length;
    }

    private static BrokeredToken Token(string appId, string endpointId, DateTimeOffset? at = null)
    {
        var createTime = at ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new BrokeredToken
        {
            TokenIdHash = Secret.Hash(Secret.Create("tbt_")),
            AppId = appId,
            EndpointId = endpointId,
            RoleId = "role",
            CreateTime = createTime,
            ExpiryTime = createTime.AddHours(1),
        };
    }
}
