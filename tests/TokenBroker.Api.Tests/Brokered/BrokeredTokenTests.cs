using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Brokered;

/// <summary>POST /v1/tokens (CONTRACT §3).</summary>
public sealed class BrokeredTokenTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public BrokeredTokenTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CreateToken_WithSecret_ReturnsTokenIdWhoseLifetimeIsTheTtl()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bobsmith", roleId = app.RoleId, ttl = 3600 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("tbt_", token.GetProperty("tokenId").GetString(), StringComparison.Ordinal);
        Assert.Equal(app.AppId, token.GetProperty("appId").GetString());
        Assert.Equal("bobsmith", token.GetProperty("endpointId").GetString());
        Assert.Equal(app.RoleId, token.GetProperty("roleId").GetString());
        Assert.Equal(_broker.Time.GetUtcNow().ToUnixTimeSeconds(), token.GetProperty("createTime").GetInt64());
        Assert.Equal(3600, token.GetProperty("expiryTime").GetInt64() - token.GetProperty("createTime").GetInt64());
    }

    [Fact]
    public async Task CreateToken_StoresOnlyTheTokenIdsTimeOrderedPartAndHash()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);

        var stored = await _broker.WithStoreAsync(db => db.BrokeredTokens.SingleAsync());

        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(tokenId.AsSpan("tbt_".Length));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tokenId));
        Assert.Equal(48, payload.Length);
        Assert.Equal([.. payload[..16], .. hash[..16]], stored.TokenIdHash);
    }

    [Fact]
    public async Task CreateToken_RowsAreKeyedInCreationOrder()
    {
        var app = await TestApps.CreateAsync(_broker);
        var endpoints = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            endpoints.Add($"endpoint-{i}");
            await BrokeredFlow.TokenIdAsync(_client, app, endpoints[^1]);
            _broker.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // SQLite compares blobs bytewise, so this is the primary-key index's order.
        var inKeyOrder = await _broker.WithStoreAsync(db => db.BrokeredTokens.OrderBy(t => t.TokenIdHash).Select(t => t.EndpointId).ToListAsync());

        Assert.Equal(endpoints, inKeyOrder);
    }

    [Fact]
    public async Task CreateToken_RoleNameStandsForRoleId()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleName = app.RoleName });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.RoleId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roleId").GetString());
    }

    [Fact]
    public async Task CreateToken_TtlDefaultsToTheRolesCap()
    {
        var app = await TestApps.CreateAsync(_broker, roleMaxTtl: 1800);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId });

        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1800, token.GetProperty("expiryTime").GetInt64() - token.GetProperty("createTime").GetInt64());
    }

    [Theory]
    [InlineData(59)]
    [InlineData(1801)]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task CreateToken_TtlOutsideSixtyToRoleCap_Is400NotClamped(int ttl)
    {
        var app = await TestApps.CreateAsync(_broker, roleMaxTtl: 1800);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId, ttl });

        await ProblemAssert.IsValidationProblem(response, "ttl");
    }

    [Fact]
    public async Task CreateToken_TtlAboveAppCap_Is400EvenWithoutRoleCap()
    {
        var app = await TestApps.CreateAsync(_broker, appMaxTtl: 600);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId, ttl = 601 });

        await ProblemAssert.IsValidationProblem(response, "ttl");
    }

    [Fact]
    public async Task CreateToken_TtlAboveGlobalCap_Is400()
    {
        using var broker = new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:Tokens:MaxTtl"] = "900" });
        var app = await TestApps.CreateAsync(broker);

        var response = await BrokeredFlow.RequestTokenAsync(broker.CreateClient(), app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId, ttl = 901 });

        await ProblemAssert.IsValidationProblem(response, "ttl");
    }

    [Fact]
    public async Task CreateToken_WithoutSecret_Is401()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId }, withSecret: false);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateToken_WithAnotherAppsSecret_Is401()
    {
        var app = await TestApps.CreateAsync(_broker);
        var other = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, other with { AppId = app.AppId }, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateToken_AfterSecretRotation_OldSecretIs401()
    {
        var app = await TestApps.CreateAsync(_broker);
        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId })).StatusCode);

        (await _broker.CreateAdminClient().PostAsync($"/v1/apps/{app.AppId}/secret", null)).EnsureSuccessStatusCode();
        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = app.RoleId });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateToken_DevelopmentModeWithoutSecretOrRole_GetsTheDevelopmentRole()
    {
        var app = await TestApps.CreateAsync(_broker, developmentMode: true);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob" }, withSecret: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("development", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roleId").GetString());
    }

    [Fact]
    public async Task CreateToken_DevelopmentModeWithWrongSecret_Is401()
    {
        var app = await TestApps.CreateAsync(_broker, developmentMode: true);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app with { Secret = "tbs_wrong" }, new { appId = app.AppId, endpointId = "bob" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateToken_NoRoleOutsideDevelopmentMode_Is400()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob" });

        await ProblemAssert.IsValidationProblem(response, "roleId");
    }

    [Fact]
    public async Task CreateToken_UnknownRole_Is404()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = "bob", roleId = "no-such-role" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateToken_UnknownApp_Is404()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = "no-such-app", endpointId = "bob", roleId = app.RoleId });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("endpointId", "")]
    [InlineData("endpointId", "bob\u0000smith")]
    [InlineData("endpointId", null)]
    [InlineData("appId", null)]
    public async Task CreateToken_BadField_Is400NamingIt(string field, string? value)
    {
        var app = await TestApps.CreateAsync(_broker);
        var body = new Dictionary<string, object?> { ["appId"] = app.AppId, ["endpointId"] = "bob", ["roleId"] = app.RoleId, [field] = value };

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, body);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Fact]
    public async Task CreateToken_EndpointIdOf256Chars_Is400()
    {
        var app = await TestApps.CreateAsync(_broker);

        var response = await BrokeredFlow.RequestTokenAsync(_client, app, new { appId = app.AppId, endpointId = new string('e', 256), roleId = app.RoleId });

        await ProblemAssert.IsValidationProblem(response, "endpointId");
    }

    [Fact]
    public async Task CreateToken_RecordsEndpointFirstSeenAndLastToken()
    {
        var app = await TestApps.CreateAsync(_broker);
        var first = _broker.Time.GetUtcNow();
        await BrokeredFlow.TokenIdAsync(_client, app, "alice");
        _broker.Time.Advance(TimeSpan.FromMinutes(10));
        await BrokeredFlow.TokenIdAsync(_client, app, "alice");
        await BrokeredFlow.TokenIdAsync(_client, app, "bob");

        var list = await _broker.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/v1/apps/{app.AppId}/endpoints");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["alice", "bob"], items.Select(i => i.GetProperty("endpointId").GetString()));
        var alice = items[0];
        Assert.Equal(first, alice.GetProperty("firstSeenAt").GetDateTimeOffset());
        Assert.Equal(first.AddMinutes(10), alice.GetProperty("lastTokenAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CreateToken_WrongContentType_Is415()
    {
        var app = await TestApps.CreateAsync(_broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent("appId=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("App-Secret", app.Secret);

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}
