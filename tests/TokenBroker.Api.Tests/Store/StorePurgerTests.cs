using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Store;

/// <summary>Expired tokenIds and refresh tokens leave the store once kept long enough, and nothing else does.</summary>
public sealed class StorePurgerTests : IDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromHours(2);

    // The purge's own timer (every day at most) stays out of the way of the tests that call it.
    private readonly BrokerFactory _broker = Broker(TimeSpan.FromDays(1));

    private readonly HttpClient _client;

    public StorePurgerTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    private static BrokerFactory Broker(TimeSpan purgeInterval) => new(new Dictionary<string, string?>
    {
        ["TokenBroker:Database:KeepExpiredFor"] = Keep.ToString(),
        ["TokenBroker:Database:PurgeInterval"] = purgeInterval.ToString(),
        ["TokenBroker:Sso:RefreshTokenLifetime"] = RefreshLifetime.ToString(),
    });

    private StorePurger Purger => _broker.Services.GetRequiredService<StorePurger>();

    [Fact]
    public async Task ExpiredTokenId_IsAnsweredAsExpiredWhileKept_ThenPurgedAndUnknown()
    {
        var app = await TestApps.CreateAsync(_broker);
        var shortLived = await BrokeredFlow.TokenIdAsync(_client, app, "short", ttl: 60);
        var longLived = await BrokeredFlow.TokenIdAsync(_client, app, "long", ttl: 7200);

        // Expired, not yet for as long as it is kept.
        _broker.Time.Advance(TimeSpan.FromSeconds(60) + Keep - TimeSpan.FromSeconds(1));
        Assert.Equal(default, await Purger.PurgeAsync(CancellationToken.None));
        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, shortLived), HttpStatusCode.Unauthorized, "token_expired");

        _broker.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new PurgedRows(1, 0, 0), await Purger.PurgeAsync(CancellationToken.None));

        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, shortLived), HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(["long"], await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.EndpointId).ToListAsync()));

        // The unexpired one is still known: past its activation window it is late, not unknown.
        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, longLived), HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task ActivatedTokenId_StaysUsedUntilItsSessionExpiredAndWasKept()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app, ttl: 600);
        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.ActivateAsync(_client, tokenId)).StatusCode);

        _broker.Time.Advance(TimeSpan.FromSeconds(600) + Keep - TimeSpan.FromSeconds(1));
        await Purger.PurgeAsync(CancellationToken.None);
        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, tokenId), HttpStatusCode.Conflict, "token_used");

        _broker.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new PurgedRows(1, 0, 0), await Purger.PurgeAsync(CancellationToken.None));
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.BrokeredTokens.CountAsync()));
    }

    [Fact]
    public async Task PurgeAsync_DeletesStepByStep_UntilNothingPurgeableIsLeft()
    {
        var app = await TestApps.CreateAsync(_broker);
        var now = _broker.Time.GetUtcNow();
        var expired = Enumerable.Range(0, (2 * StorePurger.StepRows) + 17)
            .Select(i => Token(app.AppId, $"old-{i}", now - Keep - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(i)))
            .ToList();
        var kept = Enumerable.Range(0, 3).Select(i => Token(app.AppId, $"kept-{i}", now - Keep + TimeSpan.FromSeconds(i))).ToList();
        var writes = _broker.Services.GetRequiredService<GroupCommit>();
        Assert.True(await writes.RunAsync(w => expired.Concat(kept).All(w.InsertBrokeredToken)));

        var purged = await Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(expired.Count, purged.TokenIds);
        var left = await _broker.WithStoreAsync(db => db.BrokeredTokens.Select(t => t.EndpointId).ToListAsync());
        Assert.Equal(["kept-0", "kept-1", "kept-2"], left.Order());
    }

    [Fact]
    public async Task RefreshTokens_ArePurgedOnceExpiredAndKept_AndTheFamilyWithTheLastOne()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        _broker.Time.Advance(TimeSpan.FromMinutes(30));
        var second = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, first)));

        // The consumed first token is purgeable; its successor expired only 30 minutes ago.
        _broker.Time.Advance(RefreshLifetime - TimeSpan.FromMinutes(30) + Keep + TimeSpan.FromMinutes(1));
        Assert.Equal(new PurgedRows(0, 1, 0), await Purger.PurgeAsync(CancellationToken.None));
        Assert.Equal(1, await _broker.WithStoreAsync(db => db.RefreshTokens.CountAsync()));
        Assert.Equal(1, await _broker.WithStoreAsync(db => db.RefreshFamilies.CountAsync()));

        // A later sign-in's family is live and stays; the first family ends with its last token.
        var later = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        _broker.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(new PurgedRows(0, 1, 1), await Purger.PurgeAsync(CancellationToken.None));

        var family = await _broker.WithStoreAsync(db => db.RefreshFamilies.SingleAsync());
        var token = await _broker.WithStoreAsync(db => db.RefreshTokens.SingleAsync());
        Assert.Equal(family.Id, token.FamilyId);
        Assert.Equal(RefreshKey(later), token.TokenHash);
        await SsoFlow.IsOAuthError(
            await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, second.GetProperty("refresh_token").GetString()!)),
            HttpStatusCode.BadRequest,
            "invalid_grant");
        await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, later)));
    }

    [Fact]
    public async Task ConsumedRefreshToken_IsKeptWhileUnexpired_SoItsReuseStillRevokesTheFamily()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        var second = (await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, first))))
            .GetProperty("refresh_token").GetString()!;
        _broker.Time.Advance(RefreshLifetime - TimeSpan.FromMinutes(1));

        Assert.Equal(default, await Purger.PurgeAsync(CancellationToken.None));
        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, first)), HttpStatusCode.BadRequest, "invalid_grant");

        // The replay revoked the family: the live successor no longer works.
        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_client, app, SsoFlow.RefreshForm(app, second)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Purge_RunsOnItsOwnEveryInterval_AndLogsCountsOnly()
    {
        var interval = TimeSpan.FromMinutes(10);
        using var broker = Broker(interval);
        var client = broker.CreateClient();
        var app = await TestApps.CreateAsync(broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(client, app, ttl: 60);

        // By the tick after the tokenId has been kept for KeepExpiredFor, it is purgeable.
        broker.Time.Advance(TimeSpan.FromSeconds(60) + Keep + interval);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await broker.WithStoreAsync(db => db.BrokeredTokens.CountAsync()) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the purge did not run within 30 s of its interval");
            await Task.Delay(50);
        }

        var logs = broker.Logs.AllText();
        Assert.Contains("Purged expired rows: 1 tokenIds, 0 refresh tokens, 0 refresh families", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenId, logs, StringComparison.Ordinal);
    }

    private static byte[] RefreshKey(string refreshToken) => global::TokenBroker.Api.Features.Sso.RefreshTokens.StorageKey(refreshToken);

    private static BrokeredToken Token(string appId, string endpointId, DateTimeOffset expiryTime) => new()
    {
        TokenIdHash = OrderedSecret.Create("tbt_", expiryTime).StorageKey,
        AppId = appId,
        EndpointId = endpointId,
        RoleId = "role",
        CreateTime = expiryTime - TimeSpan.FromHours(1),
        ExpiryTime = expiryTime,
    };
}
