using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>CONTRACT §0: appsettings.Development.json at the repository root seeds a demo setup in Development only.</summary>
public sealed class DevelopmentSettingsTests : IDisposable
{
    private readonly JsonElement _file = DevelopmentFile.Read();
    private readonly List<IDisposable> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public async Task Development_DevAdminKeyFromTheFile_ReadsTheSeededDemoApp()
    {
        var broker = Track(new DevelopmentBroker());
        var client = broker.CreateClient();
        client.DefaultRequestHeaders.Add("Admin-Key", _file.AdminKey());

        await AssertSeededAsync(client);
    }

    [Fact]
    public async Task Development_SeedsDemoAppRolesAndAgent_EvenWhenTheAdminKeyIsOverridden()
    {
        var broker = Track(new BrokerFactory(environment: "Development"));

        await AssertSeededAsync(broker.CreateAdminClient());
    }

    [Fact]
    public async Task Development_AdminKeySetAboveTheFile_WinsOverTheDevKey()
    {
        // The file sits below environment variables and the command line, so an operator's key replaces the dev key.
        var broker = Track(new BrokerFactory(environment: "Development"));
        var devClient = broker.CreateClient();
        devClient.DefaultRequestHeaders.Add("Admin-Key", _file.AdminKey());

        var response = await devClient.GetAsync("/v1/apps");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task OtherEnvironments_LoadNothingFromTheDevelopmentFile(string environment)
    {
        var broker = Track(new BrokerFactory(environment: environment));
        var admin = broker.CreateAdminClient();
        var appId = _file.SeedApp().GetProperty("AppId").GetString();
        var devClient = broker.CreateClient();
        devClient.DefaultRequestHeaders.Add("Admin-Key", _file.AdminKey());

        await ProblemAssert.IsProblem(await admin.GetAsync($"/v1/apps/{appId}"), HttpStatusCode.NotFound, "not_found");
        var users = await admin.GetStringAsync("/v1/users");
        Assert.DoesNotContain(_file.SeedUser().GetProperty("UserId").GetString()!, users, StringComparison.Ordinal);
        Assert.DoesNotContain(_file.SeedUser().GetProperty("Email").GetString()!, users, StringComparison.Ordinal);
        await ProblemAssert.IsProblem(await devClient.GetAsync("/v1/apps"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    private async Task AssertSeededAsync(HttpClient admin)
    {
        var seedApp = _file.SeedApp();
        var appId = seedApp.GetProperty("AppId").GetString()!;

        var appResponse = await admin.GetAsync($"/v1/apps/{appId}");
        Assert.Equal(HttpStatusCode.OK, appResponse.StatusCode);
        var app = await appResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(appId, app.GetProperty("appId").GetString());
        Assert.Equal(seedApp.GetProperty("Name").GetString(), app.GetProperty("name").GetString());
        Assert.Equal(seedApp.GetProperty("DevelopmentMode").GetBoolean(), app.GetProperty("developmentMode").GetBoolean());
        Assert.Equal(
            seedApp.GetProperty("RedirectUris").EnumerateArray().Select(u => u.GetString()),
            app.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));

        var roles = (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{appId}/roles")).GetProperty("items").EnumerateArray().ToList();
        foreach (var seedRole in seedApp.GetProperty("Roles").EnumerateArray())
        {
            var role = Assert.Single(roles, r => r.GetProperty("roleId").GetString() == seedRole.GetProperty("RoleId").GetString());
            Assert.Equal(seedRole.GetProperty("Name").GetString(), role.GetProperty("name").GetString());
            Assert.Equal(
                seedRole.GetProperty("Permissions").EnumerateArray().Select(p => p.GetString()),
                role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        }

        var seedUser = _file.SeedUser();
        var users = (await admin.GetFromJsonAsync<JsonElement>("/v1/users")).GetProperty("items").EnumerateArray();
        var user = Assert.Single(users, u => u.GetProperty("userId").GetString() == seedUser.GetProperty("UserId").GetString());
        Assert.Equal(seedUser.GetProperty("Email").GetString(), user.GetProperty("email").GetString());
        Assert.Equal(seedUser.GetProperty("Type").GetString(), user.GetProperty("type").GetString());

        var membership = seedUser.GetProperty("Memberships")[0];
        var members = (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{membership.GetProperty("AppId").GetString()}/members"))
            .GetProperty("items").EnumerateArray();
        var member = Assert.Single(members, m => m.GetProperty("userId").GetString() == seedUser.GetProperty("UserId").GetString());
        Assert.Equal(membership.GetProperty("RoleId").GetString(), member.GetProperty("roleId").GetString());
    }

    private T Track<T>(T host)
        where T : IDisposable
    {
        _hosts.Add(host);
        return host;
    }
}
