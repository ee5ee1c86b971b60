using System.Net;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>GET /v1/apps: <c>{items, next}</c> pages with <c>?limit=&amp;after=</c> (CONTRACT §2).</summary>
public sealed class AppsListTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public AppsListTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task ListApps_NoApps_ReturnsEmptyItemsAndNullNext()
    {
        var page = await Wire.OkAsync(await _admin.GetAsync("/v1/apps"));

        var (items, next) = Wire.IsPage(page);
        Assert.Empty(items);
        Assert.Null(next);
    }

    [Fact]
    public async Task ListApps_ItemsShowTheAppsButNeverASecret()
    {
        var created = await _admin.CreateAppAsync();

        var response = await _admin.GetAsync("/v1/apps");

        var (items, _) = Wire.IsPage(await Wire.OkAsync(response));
        var item = Assert.Single(items);
        Assert.Equal(created.Str("appId"), item.Str("appId"));
        Assert.Equal("Acme", item.Str("name"));
        Assert.False(item.TryGetProperty("appSecret", out _));
        Assert.DoesNotContain(created.Str("appSecret"), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListApps_WalkingFiveAppsInPagesOfTwo_SeesEachOnceInCreationOrder()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _admin.CreateAppIdAsync(new { name = $"App {i}", redirectUris = new[] { Wire.RedirectUri } }));
            _broker.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var (items, sizes) = await _admin.WalkAsync("/v1/apps", limit: 2);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(created, items.Select(i => i.Str("appId")));
    }

    [Fact]
    public async Task ListApps_LastPageExactlyFull_HasNullNext()
    {
        await _admin.CreateAppIdAsync();
        await _admin.CreateAppIdAsync();

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync("/v1/apps?limit=2")));

        Assert.Equal(2, items.Count);
        Assert.Null(next);
    }

    [Fact]
    public async Task ListApps_MoreAppsThanLimit_HasAStringNext()
    {
        for (var i = 0; i < 3; i++)
        {
            await _admin.CreateAppIdAsync();
        }

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync("/v1/apps?limit=2")));

        Assert.Equal(2, items.Count);
        Assert.False(string.IsNullOrEmpty(next));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("200")]
    public async Task ListApps_LimitWithinOneTo200_Is200(string limit)
    {
        var response = await _admin.GetAsync($"/v1/apps?limit={limit}");

        Wire.IsPage(await Wire.OkAsync(response));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    public async Task ListApps_LimitOutOfRange_Is400NamingLimit(string limit)
    {
        var response = await _admin.GetAsync($"/v1/apps?limit={limit}");

        await ProblemAssert.IsValidationProblem(response, "limit");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task ListApps_LimitNotAnInteger_Is400(string limit)
    {
        var response = await _admin.GetAsync($"/v1/apps?limit={limit}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("%%%")]
    [InlineData("garbage")]
    public async Task ListApps_GarbageAfterCursor_Is400NamingAfter(string after)
    {
        await _admin.CreateAppIdAsync();

        var response = await _admin.GetAsync($"/v1/apps?after={Uri.EscapeDataString(after)}");

        await ProblemAssert.IsValidationProblem(response, "after");
    }
}
