using System.Net;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>GET /v1/apps/{appId}/endpoints: items <c>{endpointId, firstSeenAt, lastTokenAt}</c> (CONTRACT §2).</summary>
public sealed class EndpointsApiTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public EndpointsApiTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task ListEndpoints_NewApp_ReturnsEmptyItemsAndNullNext()
    {
        var appId = await _admin.CreateAppIdAsync();

        var page = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/endpoints"));

        Assert.Equal("[]", page.GetProperty("items").GetRawText());
        Assert.Equal("null", page.GetProperty("next").GetRawText());
    }

    [Fact]
    public async Task ListEndpoints_UnknownApp_Is404NotFound()
    {
        var response = await _admin.GetAsync("/v1/apps/0198c9f0-0000-7000-8000-000000000000/endpoints");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListEndpoints_Item_HasEndpointIdAndBothTimesInUtc()
    {
        var appId = await _admin.CreateAppIdAsync();
        var firstSeen = _broker.Time.GetUtcNow();
        var lastToken = firstSeen.AddHours(5);
        await AddEndpointsAsync(appId, firstSeen, lastToken, "bobsmith");

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/endpoints")));

        Assert.Null(next);
        var item = Assert.Single(items);
        Assert.Equal("bobsmith", item.Str("endpointId"));
        Assert.Equal(firstSeen, Wire.IsUtcTimestamp(item.GetProperty("firstSeenAt")));
        Assert.Equal(lastToken, Wire.IsUtcTimestamp(item.GetProperty("lastTokenAt")));
    }

    [Fact]
    public async Task ListEndpoints_ShowsOnlyThisAppsEndpoints()
    {
        var appId = await _admin.CreateAppIdAsync();
        var otherAppId = await _admin.CreateAppIdAsync();
        var now = _broker.Time.GetUtcNow();
        await AddEndpointsAsync(appId, now, now, "alice", "bob");
        await AddEndpointsAsync(otherAppId, now, now, "mallory");

        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/endpoints")));

        Assert.Equal(["alice", "bob"], items.Select(i => i.Str("endpointId")).Order());
    }

    [Fact]
    public async Task ListEndpoints_WalkingFiveInPagesOfTwo_SeesEachOnce()
    {
        var appId = await _admin.CreateAppIdAsync();
        var now = _broker.Time.GetUtcNow();
        string[] endpointIds = ["e1", "e2", "e3", "e4", "e5"];
        await AddEndpointsAsync(appId, now, now, endpointIds);

        var (items, sizes) = await _admin.WalkAsync($"/v1/apps/{appId}/endpoints", limit: 2);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(endpointIds, items.Select(i => i.Str("endpointId")).Order());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    public async Task ListEndpoints_LimitOutOfRange_Is400NamingLimit(string query)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.GetAsync($"/v1/apps/{appId}/endpoints?{query}");

        await ProblemAssert.IsValidationProblem(response, "limit");
    }

    [Fact]
    public async Task ListEndpoints_GarbageAfterCursor_Is400NamingAfter()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.GetAsync($"/v1/apps/{appId}/endpoints?after=%25%25not-a-cursor");

        await ProblemAssert.IsValidationProblem(response, "after");
    }

    private Task<int> AddEndpointsAsync(string appId, DateTimeOffset firstSeenAt, DateTimeOffset lastTokenAt, params string[] endpointIds) =>
        _broker.WithStoreAsync(db =>
        {
            foreach (var endpointId in endpointIds)
            {
                db.Endpoints.Add(new BrokeredEndpoint { AppId = appId, EndpointId = endpointId, FirstSeenAt = firstSeenAt, LastTokenAt = lastTokenAt });
            }

            return db.SaveChangesAsync();
        });
}
