using System.Net;
using System.Net.Http.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>Roles of an app: create, list, get, patch, delete (CONTRACT §2).</summary>
public sealed class RolesApiTests : IDisposable
{
    private const string UnknownId = "0198c9f0-0000-7000-8000-000000000000";

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public RolesApiTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CreateRole_ValidBody_Returns201WithTheRoleAndLocation()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn", "rtc:join" }, maxTtl = 3600 });

        var role = await Wire.CreatedAsync(response);
        var roleId = role.Str("roleId");
        Assert.False(string.IsNullOrEmpty(roleId));
        Assert.Equal($"/v1/apps/{appId}/roles/{roleId}", response.Headers.Location?.OriginalString);
        Assert.Equal(appId, role.Str("appId"));
        Assert.Equal("agent", role.Str("name"));
        Assert.Equal(["turn", "rtc:join"], role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3600, role.GetProperty("maxTtl").GetInt32());
        Assert.Equal(_broker.Time.GetUtcNow(), Wire.IsUtcTimestamp(role.GetProperty("createdAt")));
    }

    [Fact]
    public async Task CreateRole_NoMaxTtl_DefaultsToTheAppsMaxTtl()
    {
        var appId = await _admin.CreateAppIdAsync(new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl = 7200 });

        var response = await _admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name = "agent", permissions = new[] { "turn" } });

        Assert.Equal(7200, (await Wire.CreatedAsync(response)).GetProperty("maxTtl").GetInt32());
    }

    [Fact]
    public async Task CreateRole_UnknownApp_Is404NotFound()
    {
        var response = await _admin.PostAsJsonAsync($"/v1/apps/{UnknownId}/roles", new { name = "agent", permissions = new[] { "turn" } });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListRoles_ReturnsThisAppsRolesOnly()
    {
        var appId = await _admin.CreateAppIdAsync();
        var otherAppId = await _admin.CreateAppIdAsync();
        var roleIds = new[] { await _admin.CreateRoleIdAsync(appId, "agent"), await _admin.CreateRoleIdAsync(appId, "supervisor") };
        await _admin.CreateRoleIdAsync(otherAppId, "outsider");

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/roles")));

        Assert.Null(next);
        Assert.Equal(roleIds.Order(), items.Select(i => i.Str("roleId")).Order());
        Assert.All(items, i => Assert.Equal(appId, i.Str("appId")));
    }

    [Fact]
    public async Task ListRoles_WalkingPagesOfTwo_SeesEachRoleOnce()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            roleIds.Add(await _admin.CreateRoleIdAsync(appId, $"role-{i}"));
        }

        var (items, sizes) = await _admin.WalkAsync($"/v1/apps/{appId}/roles", limit: 2);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(roleIds.Order(), items.Select(i => i.Str("roleId")).Order());
    }

    [Fact]
    public async Task ListRoles_UnknownApp_Is404NotFound()
    {
        var response = await _admin.GetAsync($"/v1/apps/{UnknownId}/roles");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GetRole_Existing_Returns200WithTheRole()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId, "agent", maxTtl: 600);

        var role = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/roles/{roleId}"));

        Assert.Equal(roleId, role.Str("roleId"));
        Assert.Equal(appId, role.Str("appId"));
        Assert.Equal("agent", role.Str("name"));
        Assert.Equal(["turn", "rtc:join"], role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(600, role.GetProperty("maxTtl").GetInt32());
        Wire.IsUtcTimestamp(role.GetProperty("createdAt"));
    }

    [Fact]
    public async Task GetRole_UnknownRole_Is404NotFound()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.GetAsync($"/v1/apps/{appId}/roles/{UnknownId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GetRole_OfAnotherAppThroughThisAppsPath_Is404NotFound()
    {
        var appId = await _admin.CreateAppIdAsync();
        var otherRoleId = await _admin.CreateRoleIdAsync(await _admin.CreateAppIdAsync());

        var response = await _admin.GetAsync($"/v1/apps/{appId}/roles/{otherRoleId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("name", """{"name": "lead"}""", "\"lead\"")]
    [InlineData("permissions", """{"permissions": ["rtm:login"]}""", """["rtm:login"]""")]
    [InlineData("maxTtl", """{"maxTtl": 120}""", "120")]
    public async Task PatchRole_OneField_Returns200WithItChangedAndTheOthersUnchanged(string field, string body, string expected)
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId, "agent", maxTtl: 600);
        var before = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/roles/{roleId}"));

        var patched = await Wire.OkAsync(await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}/roles/{roleId}", body));

        Assert.Equal(roleId, patched.Str("roleId"));
        Assert.Equal(expected, patched.GetProperty(field).GetRawText());
        foreach (var other in new[] { "appId", "name", "permissions", "maxTtl", "createdAt" }.Where(f => f != field))
        {
            Assert.Equal(before.GetProperty(other).GetRawText(), patched.GetProperty(other).GetRawText());
        }

        var read = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/roles/{roleId}"));
        Assert.Equal(expected, read.GetProperty(field).GetRawText());
    }

    [Fact]
    public async Task PatchRole_UnknownRole_Is404NotFound()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}/roles/{UnknownId}", new { name = "lead" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PatchRole_OfAnotherAppThroughThisAppsPath_Is404AndChangesNothing()
    {
        var appId = await _admin.CreateAppIdAsync();
        var otherAppId = await _admin.CreateAppIdAsync();
        var otherRoleId = await _admin.CreateRoleIdAsync(otherAppId, "agent");

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}/roles/{otherRoleId}", new { name = "hijacked" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
        var role = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{otherAppId}/roles/{otherRoleId}"));
        Assert.Equal("agent", role.Str("name"));
    }

    [Fact]
    public async Task DeleteRole_Existing_Is204AndThenGetIs404()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId);

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/roles/{roleId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ProblemAssert.IsProblem(await _admin.GetAsync($"/v1/apps/{appId}/roles/{roleId}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteRole_UnknownRole_Is404NotFound()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/roles/{UnknownId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteRole_OfAnotherAppThroughThisAppsPath_Is404AndKeepsIt()
    {
        var appId = await _admin.CreateAppIdAsync();
        var otherAppId = await _admin.CreateAppIdAsync();
        var otherRoleId = await _admin.CreateRoleIdAsync(otherAppId);

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/roles/{otherRoleId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/v1/apps/{otherAppId}/roles/{otherRoleId}")).StatusCode);
    }

    [Fact]
    public async Task DeleteRole_HeldByAMember_Is409ConflictAndKeepsIt()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId);
        var userId = await _admin.CreateUserIdAsync();
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/roles/{roleId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/v1/apps/{appId}/roles/{roleId}")).StatusCode);
    }
}
