using System.Net.Http.Json;
using System.Text.Json;

namespace TokenBroker.Api.Tests.Support;

/// <summary>An app registered through the management API, with one role.</summary>
public sealed record TestApp(string AppId, string Secret, string RoleId, string RoleName);

public static class TestApps
{
    public static async Task<TestApp> CreateAsync(
        BrokerFactory broker,
        string[]? permissions = null,
        bool developmentMode = false,
        int appMaxTtl = 86400,
        int? roleMaxTtl = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        using var admin = broker.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/v1/apps", new
        {
            name = "Test app",
            redirectUris = new[] { "https://app.example/cb" },
            developmentMode,
            maxTtl = appMaxTtl,
        });
        created.EnsureSuccessStatusCode();
        var app = await created.Content.ReadFromJsonAsync<JsonElement>();
        var appId = app.GetProperty("appId").GetString()!;

        var roleResponse = await admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new
        {
            name = "caller",
            permissions = permissions ?? ["turn", "rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data", "rtm:login"],
            maxTtl = roleMaxTtl,
        });
        roleResponse.EnsureSuccessStatusCode();
        var role = await roleResponse.Content.ReadFromJsonAsync<JsonElement>();
        return new TestApp(appId, app.GetProperty("appSecret").GetString()!, role.GetProperty("roleId").GetString()!, "caller");
    }

    public static async Task PatchAsync(BrokerFactory broker, string appId, object patch)
    {
        ArgumentNullException.ThrowIfNull(broker);
        using var admin = broker.CreateAdminClient();
        var response = await admin.PatchAsJsonAsync($"/v1/apps/{appId}", patch);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>The brokered flow from the outside: a backend brokers a tokenId, a browser activates it.</summary>
public static class BrokeredFlow
{
    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, TestApp app, object body, bool withSecret = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(body) };
        if (withSecret)
        {
            request.Headers.Add("App-Secret", app.Secret);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> TokenIdAsync(HttpClient client, TestApp app, string endpointId = "bobsmith", int? ttl = null)
    {
        var response = await RequestTokenAsync(client, app, new { appId = app.AppId, endpointId, roleId = app.RoleId, ttl });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokenId").GetString()!;
    }

    public static Task<HttpResponseMessage> ActivateAsync(HttpClient client, string tokenId, string? appId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsJsonAsync("/v1/session-tokens", new { appId, tokenId });
    }

    public static async Task<string> SessionTokenAsync(HttpClient client, TestApp app, string endpointId = "bobsmith", int? ttl = null)
    {
        var tokenId = await TokenIdAsync(client, app, endpointId, ttl);
        var response = await ActivateAsync(client, tokenId);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public static Task<HttpResponseMessage> SendWithAppTokenAsync(HttpClient client, HttpMethod method, string path, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("App-Token", token);
        return client.SendAsync(request);
    }
}
