using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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

    private async Task<(string Id, string Secret)> CreateAppAsync()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { "https://acme.example/cb" } });
        response.EnsureSuccessStatusCode();
        var app = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (app.GetProperty("appId").GetString()!, app.GetProperty("appSecret").GetString()!);
    }
}
