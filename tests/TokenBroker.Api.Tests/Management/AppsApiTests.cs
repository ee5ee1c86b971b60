using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

public sealed class AppsApiTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public AppsApiTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CreateApp_ValidBody_Returns201WithSecretShownOnce()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { "https://acme.example/cb" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var app = await response.Content.ReadFromJsonAsync<JsonElement>();
        var appId = app.GetProperty("appId").GetString()!;
        var secret = app.GetProperty("appSecret").GetString()!;
        Assert.Equal($"/v1/apps/{appId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Acme", app.GetProperty("name").GetString());
        Assert.Equal(86400, app.GetProperty("maxTtl").GetInt32());
        Assert.False(app.GetProperty("developmentMode").GetBoolean());
        Assert.False(app.GetProperty("publicClient").GetBoolean());
        Assert.EndsWith("+00:00", app.GetProperty("createdAt").GetString(), StringComparison.Ordinal);

        // 256 random bits, base64url: 43 characters after the prefix.
        Assert.Equal(43, secret.Length - "tbs_".Length);

        var read = await _admin.GetStringAsync($"/v1/apps/{appId}");
        Assert.DoesNotContain(secret, read, StringComparison.Ordinal);
        Assert.DoesNotContain("appSecret", read, StringComparison.Ordinal);
        var list = await _admin.GetStringAsync("/v1/apps");
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateApp_StoresOnlyTheSecretsHash()
    {
        var app = await CreateAppAsync();
        var stored = await _broker.WithStoreAsync(db => db.Apps.SingleAsync(a => a.Id == app.Id));

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(app.Secret)), stored.SecretHash);
    }

    [Fact]
    public async Task RotateSecret_ReturnsNewSecret_AndStoreNoLongerMatchesOldOne()
    {
        var app = await CreateAppAsync();

        var response = await _admin.PostAsync($"/v1/apps/{app.Id}/secret", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newSecret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appSecret").GetString()!;
        Assert.NotEqual(app.Secret, newSecret);
        var stored = await _broker.WithStoreAsync(db => db.Apps.SingleAsync(a => a.Id == app.Id));
        Assert.True(Api.Infrastructure.Secrets.Secret.Matches(newSecret, stored.SecretHash));
        Assert.False(Api.Infrastructure.Secrets.Secret.Matches(app.Secret, stored.SecretHash));
    }

    [Fact]
    public async Task RotateSecret_UnknownApp_Is404()
    {
        var response = await _admin.PostAsync("/v1/apps/nope/secret", null);

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateApp_AllFieldsGiven_EchoesThem()
    {
        var app = await _admin.CreateAppAsync(new
        {
            name = "Native",
            redirectUris = new[] { "https://a.example/cb", "com.example.app:/cb" },
            developmentMode = true,
            maxTtl = 3600,
            publicClient = true,
        });

        Assert.Equal("Native", app.Str("name"));
        Assert.Equal(["https://a.example/cb", "com.example.app:/cb"], app.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.True(app.GetProperty("developmentMode").GetBoolean());
        Assert.Equal(3600, app.GetProperty("maxTtl").GetInt32());
        Assert.True(app.GetProperty("publicClient").GetBoolean());
    }

    [Fact]
    public async Task CreateApp_CreatedAt_IsTheClocksInstantInUtc()
    {
        var app = await _admin.CreateAppAsync();

        Assert.Equal(_broker.Time.GetUtcNow(), Wire.IsUtcTimestamp(app.GetProperty("createdAt")));
    }

    [Fact]
    public async Task GetApp_Existing_Returns200WithTheAppButNoSecret()
    {
        var created = await _admin.CreateAppAsync();
        var appId = created.Str("appId");

        var response = await _admin.GetAsync($"/v1/apps/{appId}");

        var app = await Wire.OkAsync(response);
        Assert.Equal(appId, app.Str("appId"));
        Assert.Equal("Acme", app.Str("name"));
        Assert.Equal([Wire.RedirectUri], app.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.False(app.GetProperty("developmentMode").GetBoolean());
        Assert.Equal(86400, app.GetProperty("maxTtl").GetInt32());
        Assert.False(app.GetProperty("publicClient").GetBoolean());
        Assert.Equal(created.Str("createdAt"), app.Str("createdAt"));
        Assert.False(app.TryGetProperty("appSecret", out _));
        Assert.DoesNotContain(created.Str("appSecret"), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetApp_UnknownId_Is404NotFound()
    {
        var response = await _admin.GetAsync("/v1/apps/0198c9f0-0000-7000-8000-000000000000");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteApp_Existing_Is204AndThenGetIs404()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await ProblemAssert.IsProblem(await _admin.GetAsync($"/v1/apps/{appId}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteApp_WithRolesMembersAndEndpoints_RemovesThemAllFromTheStore()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId);
        var userId = await _admin.CreateUserIdAsync();
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();
        await _broker.WithStoreAsync(db =>
        {
            var now = _broker.Time.GetUtcNow();
            db.Endpoints.Add(new BrokeredEndpoint { AppId = appId, EndpointId = "bobsmith", FirstSeenAt = now, LastTokenAt = now });
            return db.SaveChangesAsync();
        });

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var left = await _broker.WithStoreAsync(async db => new[]
        {
            await db.Apps.CountAsync(a => a.Id == appId),
            await db.Roles.CountAsync(r => r.AppId == appId),
            await db.Memberships.CountAsync(m => m.AppId == appId),
            await db.Endpoints.CountAsync(e => e.AppId == appId),
        });
        Assert.Equal([0, 0, 0, 0], left);

        // The user is not the app's: only the membership goes.
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/v1/users/{userId}")).StatusCode);
    }

    [Fact]
    public async Task DeleteApp_UnknownId_Is404NotFound()
    {
        var response = await _admin.DeleteAsync("/v1/apps/0198c9f0-0000-7000-8000-000000000000");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RotateSecret_LeavesTheOtherFieldsUnchanged()
    {
        var appId = await _admin.CreateAppIdAsync();
        var before = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));

        (await _admin.PostAsync($"/v1/apps/{appId}/secret", null)).EnsureSuccessStatusCode();

        var after = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));
        foreach (var field in new[] { "name", "redirectUris", "developmentMode", "maxTtl", "publicClient", "createdAt" })
        {
            Assert.Equal(before.GetProperty(field).GetRawText(), after.GetProperty(field).GetRawText());
        }
    }

    private async Task<(string Id, string Secret)> CreateAppAsync()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { "https://acme.example/cb" } });
        response.EnsureSuccessStatusCode();
        var app = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (app.GetProperty("appId").GetString()!, app.GetProperty("appSecret").GetString()!);
    }
}
