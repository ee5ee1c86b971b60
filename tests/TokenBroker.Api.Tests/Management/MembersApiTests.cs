using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>PUT /v1/apps/{appId}/members/{userId} {roleId} → 200 {appId, userId, roleId}, plus list and delete (CONTRACT §2).</summary>
public sealed class MembersApiTests : IDisposable
{
    private const string UnknownId = "0198c9f0-0000-7000-8000-000000000000";

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public MembersApiTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task PutMember_NewMember_Returns200WithAppUserAndRole()
    {
        var (appId, roleId, userId) = await SetUpAsync();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId });

        var member = await Wire.OkAsync(response);
        Assert.Equal(appId, member.Str("appId"));
        Assert.Equal(userId, member.Str("userId"));
        Assert.Equal(roleId, member.Str("roleId"));
    }

    [Fact]
    public async Task PutMember_AgainWithAnotherRole_ReplacesTheRole()
    {
        var (appId, roleId, userId) = await SetUpAsync();
        var otherRoleId = await _admin.CreateRoleIdAsync(appId, "supervisor");
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId = otherRoleId });

        Assert.Equal(otherRoleId, (await Wire.OkAsync(response)).Str("roleId"));
        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/members")));
        var member = Assert.Single(items);
        Assert.Equal(otherRoleId, member.Str("roleId"));
    }

    [Fact]
    public async Task PutMember_SameRoleTwice_Is200AndOneMembership()
    {
        var (appId, roleId, userId) = await SetUpAsync();
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId });

        Assert.Equal(roleId, (await Wire.OkAsync(response)).Str("roleId"));
        Assert.Equal(1, await _broker.WithStoreAsync(db => db.Memberships.CountAsync(m => m.AppId == appId)));
    }

    [Fact]
    public async Task PutMember_RoleOfAnotherApp_Is400NamingRoleId()
    {
        var (appId, _, userId) = await SetUpAsync();
        var foreignRoleId = await _admin.CreateRoleIdAsync(await _admin.CreateAppIdAsync());

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId = foreignRoleId });

        await ProblemAssert.IsValidationProblem(response, "roleId");
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.Memberships.CountAsync()));
    }

    [Fact]
    public async Task PutMember_UnknownRole_Is400NamingRoleId()
    {
        var (appId, _, userId) = await SetUpAsync();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId = UnknownId });

        await ProblemAssert.IsValidationProblem(response, "roleId");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"roleId": ""}""")]
    [InlineData("""{"roleId": 5}""")]
    public async Task PutMember_RoleIdMissingOrMalformed_Is400NamingRoleId(string body)
    {
        var (appId, _, userId) = await SetUpAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Put, $"/v1/apps/{appId}/members/{userId}", body);

        await ProblemAssert.IsValidationProblem(response, "roleId");
    }

    [Fact]
    public async Task PutMember_UnknownApp_Is404NotFound()
    {
        var (_, roleId, userId) = await SetUpAsync();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{UnknownId}/members/{userId}", new { roleId });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PutMember_UnknownUser_Is404NotFound()
    {
        var (appId, roleId, _) = await SetUpAsync();

        var response = await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{UnknownId}", new { roleId });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListMembers_ReturnsThisAppsMembersOnly()
    {
        var (appId, roleId, userId) = await SetUpAsync();
        var bobId = await _admin.CreateUserIdAsync("bob@acme.example");
        var otherAppId = await _admin.CreateAppIdAsync();
        var otherRoleId = await _admin.CreateRoleIdAsync(otherAppId);
        foreach (var id in new[] { userId, bobId })
        {
            (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{id}", new { roleId })).EnsureSuccessStatusCode();
        }

        (await _admin.PutAsJsonAsync($"/v1/apps/{otherAppId}/members/{userId}", new { roleId = otherRoleId })).EnsureSuccessStatusCode();

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/members")));

        Assert.Null(next);
        Assert.Equal(new[] { userId, bobId }.Order(), items.Select(i => i.Str("userId")).Order());
        Assert.All(items, i => Assert.Equal(appId, i.Str("appId")));
        Assert.All(items, i => Assert.Equal(roleId, i.Str("roleId")));
    }

    [Fact]
    public async Task ListMembers_NoMembers_ReturnsEmptyPage()
    {
        var appId = await _admin.CreateAppIdAsync();

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/members")));

        Assert.Empty(items);
        Assert.Null(next);
    }

    [Fact]
    public async Task ListMembers_UnknownApp_Is404NotFound()
    {
        var response = await _admin.GetAsync($"/v1/apps/{UnknownId}/members");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteMember_Existing_Is204AndTheListIsEmpty()
    {
        var (appId, roleId, userId) = await SetUpAsync();
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/members/{userId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/members")));
        Assert.Empty(items);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/v1/users/{userId}")).StatusCode);
    }

    [Fact]
    public async Task DeleteMember_NotAMember_Is404NotFound()
    {
        var (appId, _, userId) = await SetUpAsync();

        var response = await _admin.DeleteAsync($"/v1/apps/{appId}/members/{userId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteUser_RemovesTheirMemberships()
    {
        var (appId, roleId, userId) = await SetUpAsync();
        (await _admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/v1/users/{userId}")).StatusCode);

        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}/members")));
        Assert.Empty(items);
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.Memberships.CountAsync(m => m.UserId == userId)));

        // With its member gone, the role may be deleted again.
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/v1/apps/{appId}/roles/{roleId}")).StatusCode);
    }

    private async Task<(string AppId, string RoleId, string UserId)> SetUpAsync()
    {
        var appId = await _admin.CreateAppIdAsync();
        return (appId, await _admin.CreateRoleIdAsync(appId), await _admin.CreateUserIdAsync());
    }
}
