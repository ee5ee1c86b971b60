using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>Users (agents and admins who sign in by SSO): create, list, get, delete (CONTRACT §1, §2).</summary>
public sealed class UsersApiTests : IDisposable
{
    private const string Password = "correct-horse-battery";
    private const string UnknownId = "0198c9f0-0000-7000-8000-000000000000";

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public UsersApiTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CreateUser_ValidBody_Returns201WithTheUserAndLocation()
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = Password, type = "agent", displayName = "Ada" });

        var user = await Wire.CreatedAsync(response);
        var userId = user.Str("userId");
        Assert.False(string.IsNullOrEmpty(userId));
        Assert.Equal($"/v1/users/{userId}", response.Headers.Location?.OriginalString);
        Assert.Equal("ada@acme.example", user.Str("email"));
        Assert.Equal("agent", user.Str("type"));
        Assert.Equal("Ada", user.Str("displayName"));
        Assert.Equal(_broker.Time.GetUtcNow(), Wire.IsUtcTimestamp(user.GetProperty("createdAt")));
    }

    [Fact]
    public async Task CreateUser_AdminType_Is201()
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "root@acme.example", password = Password, type = "admin" });

        Assert.Equal("admin", (await Wire.CreatedAsync(response)).Str("type"));
    }

    [Fact]
    public async Task CreateUser_PasswordAndItsHash_AreInNoResponse()
    {
        var created = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = Password, type = "agent" });
        var userId = (await Wire.CreatedAsync(created)).Str("userId");
        var hash = await _broker.WithStoreAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync());

        var bodies = new[]
        {
            await created.Content.ReadAsStringAsync(),
            await _admin.GetStringAsync($"/v1/users/{userId}"),
            await _admin.GetStringAsync("/v1/users"),
        };

        foreach (var body in bodies)
        {
            Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, body, StringComparison.Ordinal);
            Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task CreateUser_StoresAHashThatIsNotThePassword()
    {
        var userId = await _admin.CreateUserIdAsync();

        var hash = await _broker.WithStoreAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync());

        Assert.False(string.IsNullOrEmpty(hash));
        Assert.NotEqual(Password, hash);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ada@acme.example")]
    [InlineData("ADA@Acme.Example")]
    public async Task CreateUser_EmailAlreadyTaken_Is409Conflict(string secondEmail)
    {
        await _admin.CreateUserIdAsync("ada@acme.example");

        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = secondEmail, password = Password, type = "admin" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task CreateUser_PasswordOf12Characters_Is201()
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = "abcdefghijkl", type = "agent" });

        await Wire.CreatedAsync(response);
    }

    [Theory]
    [InlineData("abcdefghijk")]
    [InlineData("")]
    [InlineData(null)]
    public async Task CreateUser_PasswordShorterThan12Characters_Is400NamingPassword(string? password)
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password, type = "agent" });

        await ProblemAssert.IsValidationProblem(response, "password");
    }

    /// <summary>Six emoji are six characters (NIST SP 800-63B counts code points), though twelve UTF-16 units.</summary>
    [Fact]
    public async Task CreateUser_PasswordOfSixEmoji_Is400NamingPassword()
    {
        var password = string.Concat(Enumerable.Repeat("\U0001F600", 6));
        Assert.Equal(12, password.Length);

        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password, type = "agent" });

        await ProblemAssert.IsValidationProblem(response, "password");
    }

    [Fact]
    public async Task CreateUser_PasswordWithAControlCharacter_Is400NamingPassword()
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = "correct\u0001horse-battery", type = "agent" });

        await ProblemAssert.IsValidationProblem(response, "password");
    }

    [Fact]
    public async Task CreateUser_EmailOf254Characters_Is201()
    {
        var email = new string('a', 64) + "@" + new string('d', 62) + "." + new string('d', 62) + "." + new string('d', 55) + ".example";
        Assert.Equal(254, email.Length);

        var response = await _admin.PostAsJsonAsync("/v1/users", new { email, password = Password, type = "agent" });

        Assert.Equal(email, (await Wire.CreatedAsync(response)).Str("email"));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ada@")]
    [InlineData("@acme.example")]
    [InlineData("ada lovelace@acme.example")]
    [InlineData("ada@acme@example")]
    [InlineData("ada\u0001@acme.example")]
    [InlineData("")]
    [InlineData(null)]
    public async Task CreateUser_BadEmail_Is400NamingEmail(string? email)
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email, password = Password, type = "agent" });

        await ProblemAssert.IsValidationProblem(response, "email");
    }

    [Fact]
    public async Task CreateUser_EmailOver254Characters_Is400NamingEmail()
    {
        var email = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('d', 62), 3)) + ".example";
        Assert.True(email.Length > 254);

        var response = await _admin.PostAsJsonAsync("/v1/users", new { email, password = Password, type = "agent" });

        await ProblemAssert.IsValidationProblem(response, "email");
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("Agent")]
    [InlineData("")]
    [InlineData(null)]
    public async Task CreateUser_TypeNotAgentOrAdmin_Is400NamingType(string? type)
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = Password, type });

        await ProblemAssert.IsValidationProblem(response, "type");
    }

    [Fact]
    public async Task CreateUser_DisplayNameOf201Characters_Is400NamingDisplayName()
    {
        var response = await _admin.PostAsJsonAsync("/v1/users", new { email = "ada@acme.example", password = Password, type = "agent", displayName = new string('d', 201) });

        await ProblemAssert.IsValidationProblem(response, "displayName");
    }

    [Fact]
    public async Task ListUsers_ReturnsEveryUserInAPage()
    {
        var ids = new[] { await _admin.CreateUserIdAsync("ada@acme.example"), await _admin.CreateUserIdAsync("bob@acme.example") };

        var (items, next) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync("/v1/users")));

        Assert.Null(next);
        Assert.Equal(ids.Order(), items.Select(i => i.Str("userId")).Order());
        Assert.All(items, i => Assert.Equal("agent", i.Str("type")));
    }

    [Fact]
    public async Task ListUsers_WalkingPagesOfTwo_SeesEachUserOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await _admin.CreateUserIdAsync($"user{i}@acme.example"));
        }

        var (items, sizes) = await _admin.WalkAsync("/v1/users", limit: 2);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(ids.Order(), items.Select(i => i.Str("userId")).Order());
    }

    [Fact]
    public async Task GetUser_Existing_Returns200WithTheUser()
    {
        var userId = await _admin.CreateUserIdAsync("ada@acme.example");

        var user = await Wire.OkAsync(await _admin.GetAsync($"/v1/users/{userId}"));

        Assert.Equal(userId, user.Str("userId"));
        Assert.Equal("ada@acme.example", user.Str("email"));
        Assert.Equal("agent", user.Str("type"));
    }

    [Fact]
    public async Task GetUser_UnknownId_Is404NotFound()
    {
        var response = await _admin.GetAsync($"/v1/users/{UnknownId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteUser_Existing_Is204AndThenGetIs404()
    {
        var userId = await _admin.CreateUserIdAsync();

        var response = await _admin.DeleteAsync($"/v1/users/{userId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ProblemAssert.IsProblem(await _admin.GetAsync($"/v1/users/{userId}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteUser_UnknownId_Is404NotFound()
    {
        var response = await _admin.DeleteAsync($"/v1/users/{UnknownId}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }
}
