using System.Net.Http.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>
/// Which redirect URIs an app may register (CONTRACT §2, RFC 9700 §4.1.3, RFC 8252 §7.1/§7.3):
/// https; http only on 127.0.0.1 and [::1]; a private-use scheme with a dot only for public clients;
/// never javascript:, data:, file:, fragments or user info.
/// </summary>
public sealed class RedirectUriTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public RedirectUriTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    /// <summary>Refused for every app, confidential or public.</summary>
    public static TheoryData<string> RefusedForEveryApp => new()
    {
        "http://localhost/cb",
        "http://localhost:8080/cb",
        "http://a.example/cb",
        "http://127.0.0.2/cb",
        "https://a.example/cb#x",
        "https://a.example/cb#",
        "com.example.app:/cb#x",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "ftp://a.example/cb",
        "myapp:/cb",
        "/cb",
        "cb",
        "",
        "https://user:pw@a.example/cb",
        "https://a.example/c b",
        "https://a.example/cb\u0000",
    };

    [Theory]
    [InlineData("https://a.example/cb")]
    [InlineData("https://a.example:8443/oauth/cb?tenant=1")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://127.0.0.1:8080/cb")]
    [InlineData("http://[::1]/cb")]
    [InlineData("http://[::1]:5000/cb")]
    public async Task CreateApp_ConfidentialWithAllowedUri_Is201(string uri)
    {
        var response = await CreateAsync(uri, publicClient: false);

        var app = await Wire.CreatedAsync(response);
        Assert.Equal(uri, app.GetProperty("redirectUris")[0].GetString());
    }

    [Theory]
    [InlineData("https://a.example/cb")]
    [InlineData("com.example.app:/cb")]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("http://127.0.0.1:51234/cb")]
    [InlineData("http://[::1]:51234/cb")]
    public async Task CreateApp_PublicWithAllowedUri_Is201(string uri)
    {
        var response = await CreateAsync(uri, publicClient: true);

        var app = await Wire.CreatedAsync(response);
        Assert.Equal(uri, app.GetProperty("redirectUris")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(RefusedForEveryApp))]
    [InlineData("com.example.app:/cb")]
    public async Task CreateApp_ConfidentialWithRefusedUri_Is400NamingIt(string uri)
    {
        var response = await CreateAsync(uri, publicClient: false);

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    /// <summary>CONTRACT §2 names the loopback literals 127.0.0.1 and [::1]; other spellings of loopback are not them.</summary>
    [Theory]
    [InlineData("http://127.1/cb")]
    [InlineData("http://2130706433/cb")]
    [InlineData("http://0x7f.0.0.1/cb")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/cb")]
    public async Task CreateApp_HttpOnALoopbackAddressNotSpelledAsTheLiteral_Is400NamingIt(string uri)
    {
        var response = await CreateAsync(uri, publicClient: true);

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    [Theory]
    [MemberData(nameof(RefusedForEveryApp))]
    public async Task CreateApp_PublicWithRefusedUri_Is400NamingIt(string uri)
    {
        var response = await CreateAsync(uri, publicClient: true);

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    [Fact]
    public async Task CreateApp_RefusedUriAfterAnAllowedOne_NamesItsIndex()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { "https://a.example/cb", "http://localhost/cb" } });

        var problem = await ProblemAssert.IsValidationProblem(response, "redirectUris[1]");
        Assert.False(problem.GetProperty("errors").TryGetProperty("redirectUris[0]", out _));
    }

    [Fact]
    public async Task CreateApp_RefusedUri_CreatesNoApp()
    {
        await CreateAsync("javascript:alert(1)", publicClient: false);

        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync("/v1/apps")));
        Assert.Empty(items);
    }

    [Fact]
    public async Task PatchApp_RedirectUrisWithARefusedUri_Is400NamingIt()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { redirectUris = new[] { "https://a.example/cb", "data:text/html,x" } });

        await ProblemAssert.IsValidationProblem(response, "redirectUris[1]");
    }

    [Fact]
    public async Task PatchApp_PublicClientFalseWhileAPrivateUseUriIsRegistered_Is400()
    {
        var appId = await _admin.CreateAppIdAsync(new { name = "Native", redirectUris = new[] { "com.example.app:/cb" }, publicClient = true });

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { publicClient = false });

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
        var app = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));
        Assert.True(app.GetProperty("publicClient").GetBoolean());
    }

    [Fact]
    public async Task PatchApp_PrivateUseUriOnAConfidentialApp_Is400()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { redirectUris = new[] { "com.example.app:/cb" } });

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    [Fact]
    public async Task PatchApp_PublicClientAndPrivateUseUriTogether_Is200()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { publicClient = true, redirectUris = new[] { "com.example.app:/cb" } });

        var app = await Wire.OkAsync(response);
        Assert.Equal("com.example.app:/cb", app.GetProperty("redirectUris")[0].GetString());
    }

    private Task<HttpResponseMessage> CreateAsync(string uri, bool publicClient) =>
        _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { uri }, publicClient });
}
