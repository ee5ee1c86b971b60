using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>CONTRACT §1: never a secret, token or code in a log, nor a stack trace in a response.</summary>
public sealed class LoggingTests : IDisposable
{
    private const string WrongAdminKey = "wrong-admin-key-LEAKCHECK-0123456789abcdef";
    private const string TurnSecret = "turn-secret-LEAKCHECK-5f1d0c9a";
    private const string LeakyQuery = "?code=SECRETCODE123&state=xyz&redirect_url=https://a.example/cb?token=abc";
    private const string MalformedSecret = "tbs_MALFORMED-LEAKCHECK-77aa";
    private const string WrongTypeSecret = "tbs_WRONGTYPE-LEAKCHECK-88bb";

    private readonly BrokerFactory _broker = new();
    private readonly ResponseRecorder _adminRecorder = new();
    private readonly ResponseRecorder _anonymousRecorder = new();
    private readonly List<BrokerFactory> _others = [];
    private readonly HttpClient _admin;
    private readonly HttpClient _anonymous;

    public LoggingTests()
    {
        _admin = _broker.CreateDefaultClient(_adminRecorder);
        _admin.DefaultRequestHeaders.Add("Admin-Key", BrokerFactory.AdminKey);
        _anonymous = _broker.CreateDefaultClient(_anonymousRecorder);
    }

    public void Dispose()
    {
        foreach (var other in _others)
        {
            other.Dispose();
        }

        _broker.Dispose();
    }

    [Fact]
    public async Task NewStore_IsMigratedWithoutAWarning()
    {
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/readyz")).StatusCode);

        var warnings = _broker.Logs.Events.Where(e => e.Level >= LogEventLevel.Warning).Select(LogCapture.Message).ToList();
        Assert.DoesNotContain(warnings, m => m.Contains("migration", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TwoBrokersInOneProcess_EachLogsToItsOwnSinks()
    {
        // Test hosts (and any process hosting more than one broker) must not share a static logger.
        var second = new BrokerFactory();
        _others.Add(second);
        var secondClient = second.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/readyz")).StatusCode);

        Assert.Contains(_broker.Logs.Events.Select(LogCapture.Message), m => m.StartsWith("HTTP GET /healthz ", StringComparison.Ordinal));
        Assert.DoesNotContain(_broker.Logs.Events.Select(LogCapture.Message), m => m.StartsWith("HTTP GET /readyz ", StringComparison.Ordinal));
        Assert.Contains(second.Logs.Events.Select(LogCapture.Message), m => m.StartsWith("HTTP GET /readyz ", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Logs.Events.Select(LogCapture.Message), m => m.StartsWith("HTTP GET /healthz ", StringComparison.Ordinal));

        // Stopping one broker must not silence the other.
        second.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Contains(_broker.Logs.Events.Select(LogCapture.Message), m => m.StartsWith("HTTP GET /readyz ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BusyBroker_LogsRequests_ButNoSecretCodeOrToken()
    {
        var agoraCertificate = Guid.NewGuid().ToString("N");
        var created = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Leak Check", redirectUris = new[] { "https://acme.example/cb" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var app = await created.Content.ReadFromJsonAsync<JsonElement>();
        var appId = app.GetProperty("appId").GetString()!;
        var firstSecret = app.GetProperty("appSecret").GetString()!;

        var rotated = await _admin.PostAsync($"/v1/apps/{appId}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var secondSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appSecret").GetString()!;

        var patched = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new
        {
            turn = new { secret = TurnSecret, uris = new[] { "turn:turn.acme.example:3478?transport=udp" } },
            agora = new { appId = "970ca35de60c44645bbae8a215061b33", appCertificate = agoraCertificate },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/v1/apps");
        wrongKey.Headers.Add("Admin-Key", WrongAdminKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendAsync(wrongKey)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/v1/apps" + LeakyQuery)).StatusCode);
        await _anonymous.GetAsync($"/auth/sso/login/{appId}" + LeakyQuery);
        await _anonymous.GetAsync("/oauth2/authorize" + LeakyQuery + "&client_id=" + appId);

        var malformed = new StringContent(
            "{\"name\":\"Leak Check\",\"redirectUris\":[\"https://acme.example/cb\"],\"appSecret\":\"" + MalformedSecret + "\"",
            Encoding.UTF8,
            "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsync("/v1/apps", malformed)).StatusCode);
        var wrongType = new StringContent("{\"name\":\"" + WrongTypeSecret + "\",\"maxTtl\":\"" + WrongTypeSecret + "\"}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsync("/v1/apps", wrongType)).StatusCode);

        var logs = _broker.Logs.AllText();
        var messages = _broker.Logs.Events.Select(LogCapture.Message).ToList();
        foreach (var expected in new[] { "HTTP GET /v1/apps ", $"HTTP POST /v1/apps/{appId}/secret ", $"HTTP PATCH /v1/apps/{appId} " })
        {
            Assert.True(messages.Any(m => m.Contains(expected, StringComparison.Ordinal)), $"No request log '{expected}' among:\n{string.Join('\n', messages)}");
        }

        foreach (var secret in new[] { BrokerFactory.AdminKey, WrongAdminKey, firstSecret, secondSecret, TurnSecret, agoraCertificate, "SECRETCODE123", "token=abc", MalformedSecret, WrongTypeSecret })
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"The log contains '{secret}':\n{logs}");
        }
    }

    [Fact]
    public async Task BusyBroker_NoResponseCarriesAStackTrace()
    {
        await _admin.PostAsync("/v1/apps", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        await _admin.PostAsync("/v1/apps", new StringContent("{\"name\":42,\"redirectUris\":\"x\"}", Encoding.UTF8, "application/json"));
        await _admin.PostAsync("/v1/apps", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await _admin.PostAsync("/v1/apps", null);
        await _admin.PatchAsync("/v1/apps/nope", new StringContent("[]", Encoding.UTF8, "application/json"));
        await _admin.GetAsync("/v1/apps?limit=abc&after=%00");
        await _admin.GetAsync("/v1/apps/" + new string('a', 300));
        await _admin.PutAsync("/v1/apps", null);
        await _anonymous.GetAsync("/v1/apps" + LeakyQuery);
        await _anonymous.GetAsync("/nope" + LeakyQuery);
        await _broker.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"SigningKeys\";"));
        await _anonymous.GetAsync("/readyz");
        await _admin.GetAsync("/.well-known/jwks.json");

        var bodies = _adminRecorder.Bodies.Concat(_anonymousRecorder.Bodies).ToList();
        Assert.True(bodies.Count >= 12, $"Only {bodies.Count} responses were recorded.");
        foreach (var body in bodies)
        {
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }
    }
}
