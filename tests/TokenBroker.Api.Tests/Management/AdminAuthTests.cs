using System.Net;
using System.Net.Http.Json;
using System.Text;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>Every management route needs one valid <c>Admin-Key</c> header, else 401 <c>unauthorized</c> (CONTRACT §1, §2).</summary>
public sealed class AdminAuthTests : IDisposable
{
    private const string Id = "0198c9f0-0000-7000-8000-000000000000";

    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    /// <summary>Every (method, path) of the management API, with ids that need not exist.</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/v1/apps" },
        { "GET", "/v1/apps" },
        { "GET", $"/v1/apps/{Id}" },
        { "PATCH", $"/v1/apps/{Id}" },
        { "DELETE", $"/v1/apps/{Id}" },
        { "POST", $"/v1/apps/{Id}/secret" },
        { "POST", $"/v1/apps/{Id}/roles" },
        { "GET", $"/v1/apps/{Id}/roles" },
        { "GET", $"/v1/apps/{Id}/roles/{Id}" },
        { "PATCH", $"/v1/apps/{Id}/roles/{Id}" },
        { "DELETE", $"/v1/apps/{Id}/roles/{Id}" },
        { "GET", $"/v1/apps/{Id}/endpoints" },
        { "POST", "/v1/users" },
        { "GET", "/v1/users" },
        { "GET", $"/v1/users/{Id}" },
        { "DELETE", $"/v1/users/{Id}" },
        { "PUT", $"/v1/apps/{Id}/members/{Id}" },
        { "GET", $"/v1/apps/{Id}/members" },
        { "DELETE", $"/v1/apps/{Id}/members/{Id}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ManagementRoute_WithoutAdminKey_Is401Unauthorized(string method, string path)
    {
        var response = await SendAsync(method, path);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ManagementRoute_WithAWrongAdminKey_Is401Unauthorized(string method, string path)
    {
        var response = await SendAsync(method, path, "test-admin-key-0123456789abcdef0123456789abcdeX");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ManagementRoute_WithTwoAdminKeyHeaders_Is401Unauthorized(string method, string path)
    {
        var response = await SendAsync(method, path, BrokerFactory.AdminKey, BrokerFactory.AdminKey);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Bearer test-admin-key-0123456789abcdef0123456789abcdef")]
    [InlineData("TEST-ADMIN-KEY-0123456789ABCDEF0123456789ABCDEF")]
    public async Task ListApps_WithAMalformedAdminKey_Is401Unauthorized(string key)
    {
        var response = await SendAsync("GET", "/v1/apps", key);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ListApps_WithAnAdminKeyOfTenThousandCharacters_Is401Unauthorized()
    {
        var response = await SendAsync("GET", "/v1/apps", new string('k', 10_000));

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ListApps_AdminKeyHeaderNameInLowerCase_IsAccepted()
    {
        var response = await SendWithHeaderAsync("GET", "/v1/apps", "admin-key", BrokerFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ManagementRoute_AdminKeyInTheAuthorizationHeader_Is401Unauthorized()
    {
        using var client = _broker.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", BrokerFactory.AdminKey);

        var response = await client.GetAsync("/v1/apps");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateApp_WithoutAdminKey_CreatesNothing()
    {
        using var anonymous = _broker.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/v1/apps", new { name = "Intruder", redirectUris = new[] { Wire.RedirectUri } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var admin = _broker.CreateAdminClient();
        var (items, _) = Wire.IsPage(await Wire.OkAsync(await admin.GetAsync("/v1/apps")));
        Assert.Empty(items);
    }

    [Fact]
    public async Task Unauthorized_ResponseNeverEchoesThePresentedKey()
    {
        const string Presented = "leaky-guess-5f1e2d3c4b5a69788796a5b4c3d2e1f0";

        var response = await SendAsync("GET", "/v1/apps", Presented);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Presented, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Presented, _broker.Logs.AllText(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, params string[] keys) =>
        SendWithHeaderAsync(method, path, "Admin-Key", keys);

    private async Task<HttpResponseMessage> SendWithHeaderAsync(string method, string path, string headerName, params string[] keys)
    {
        using var client = _broker.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (keys.Length > 0)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(headerName, keys));
        }

        // Routes that take a body get a valid-looking one: only the credential is wrong.
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("""{"name": "x", "redirectUris": [], "permissions": ["turn"], "roleId": "r"}""", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }
}
