using System.Net;
using System.Net.Http.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>Role field rules: unique names per app, the permission pattern, and the app's TTL cap (CONTRACT §2).</summary>
public sealed class RoleRulesTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public RoleRulesTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CreateRole_DuplicateNameInTheSameApp_Is409Conflict()
    {
        var appId = await _admin.CreateAppIdAsync();
        await _admin.CreateRoleIdAsync(appId, "agent");

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn" } });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task CreateRole_SameNameInAnotherApp_Is201()
    {
        await _admin.CreateRoleIdAsync(await _admin.CreateAppIdAsync(), "agent");
        var otherAppId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{otherAppId}/roles", new { name = "agent", permissions = new[] { "turn" } });

        Assert.Equal("agent", (await Wire.CreatedAsync(response)).Str("name"));
    }

    [Fact]
    public async Task PatchRole_NameTakenByAnotherRoleOfTheApp_Is409Conflict()
    {
        var appId = await _admin.CreateAppIdAsync();
        await _admin.CreateRoleIdAsync(appId, "agent");
        var roleId = await _admin.CreateRoleIdAsync(appId, "supervisor");

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}/roles/{roleId}", new { name = "agent" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "conflict");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("turn")]
    [InlineData("rtc:publish-audio")]
    [InlineData("my-app.reports_read:v2")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public async Task CreateRole_PermissionMatchingThePattern_Is201(string permission)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { permission } });

        var role = await Wire.CreatedAsync(response);
        Assert.Equal(permission, role.GetProperty("permissions")[0].GetString());
    }

    [Theory]
    [InlineData("Turn")]
    [InlineData("1abc")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData(":turn")]
    [InlineData("turn/all")]
    [InlineData("tür")]
    [InlineData("turn\n")]
    public async Task CreateRole_PermissionNotMatchingThePattern_Is400NamingPermissions(string permission)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn", permission } });

        await ProblemAssert.IsValidationProblem(response, "permissions");
    }

    [Fact]
    public async Task PatchRole_PermissionNotMatchingThePattern_Is400NamingPermissions()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId);

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}/roles/{roleId}", new { permissions = new[] { "Turn" } });

        await ProblemAssert.IsValidationProblem(response, "permissions");
    }

    [Fact]
    public async Task CreateRole_PermissionsMissing_Is400NamingPermissions()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent" });

        await ProblemAssert.IsValidationProblem(response, "permissions");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0001b")]
    public async Task CreateRole_NameEmptyOrWithControlCharacters_Is400NamingName(string name)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name, permissions = new[] { "turn" } });

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    [Fact]
    public async Task CreateRole_NameOf201Characters_Is400NamingName()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = new string('r', 201), permissions = new[] { "turn" } });

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    [Fact]
    public async Task CreateRole_MaxTtlAboveAppCap_Is400NamingMaxTtl()
    {
        var appId = await _admin.CreateAppIdAsync(new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl = 3600 });

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn" }, maxTtl = 3601 });

        await ProblemAssert.IsValidationProblem(response, "maxTtl");
    }

    [Fact]
    public async Task CreateRole_MaxTtlEqualToAppCap_Is201()
    {
        var appId = await _admin.CreateAppIdAsync(new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl = 3600 });

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn" }, maxTtl = 3600 });

        Assert.Equal(3600, (await Wire.CreatedAsync(response)).GetProperty("maxTtl").GetInt32());
    }

    [Theory]
    [InlineData(59)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CreateRole_MaxTtlBelow60_Is400NamingMaxTtl(int maxTtl)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn" }, maxTtl });

        await ProblemAssert.IsValidationProblem(response, "maxTtl");
    }

    [Fact]
    public async Task PatchRole_MaxTtlAboveAppCap_Is400NamingMaxTtl()
    {
        var appId = await _admin.CreateAppIdAsync(new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl = 3600 });
        var roleId = await _admin.CreateRoleIdAsync(appId);

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}/roles/{roleId}", new { maxTtl = 3601 });

        await ProblemAssert.IsValidationProblem(response, "maxTtl");
    }

    [Theory]
    [InlineData("""{"name": "agent", "permissions": "turn"}""", "permissions")]
    [InlineData("""{"name": "agent", "permissions": [1]}""", "permissions[0]")]
    [InlineData("""{"name": "agent", "permissions": ["turn"], "maxTtl": "60"}""", "maxTtl")]
    [InlineData("""{"name": ["agent"], "permissions": ["turn"]}""", "name")]
    public async Task CreateRole_FieldOfTheWrongJsonType_Is400NamingIt(string body, string field)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Post, $"/v1/apps/{appId}/roles", body);

        await ProblemAssert.IsValidationProblem(response, field);
    }
}
