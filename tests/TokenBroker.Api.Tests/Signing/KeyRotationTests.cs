using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Signing;

/// <summary>
/// Rotation over time with a one-day period, a two-hour pre-publication and a one-hour token cap:
/// a key is published before it signs, and stays published until its last token has expired.
/// </summary>
public sealed class KeyRotationTests : IDisposable, IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly BrokerFactory _broker = new(
        new Dictionary<string, string?>
        {
            ["TokenBroker:Signing:RotationPeriod"] = "1.00:00:00",
            ["TokenBroker:Signing:PrePublishPeriod"] = "02:00:00",
            ["TokenBroker:Signing:CheckInterval"] = "02:00:00",
            ["TokenBroker:Tokens:MaxTtl"] = "3600",
        },
        configureServices: ProbeEndpoint.Register);

    private readonly HttpClient _client;
    private readonly DateTimeOffset _start;
    private string _appId = "";

    public KeyRotationTests()
    {
        _client = _broker.CreateClient();
        _start = _broker.Time.GetUtcNow();
    }

    /// <summary>Tokens are for a real app: the broker refuses tokens of apps it does not know.</summary>
    public async Task InitializeAsync() => _appId = (await TestApps.CreateAsync(_broker)).AppId;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Rotation_PublishesNextKeyBeforeItSigns_AndKeepsRetiredKeyUntilItsTokensExpire()
    {
        var first = Assert.Single(await JwksKidsAsync());
        Assert.Equal(first, KidOf(await SignAsync(Hour)));

        // 2 h 1 min before retirement: not yet time to publish the successor.
        await AdvanceToAsync(TimeSpan.FromHours(22) - TimeSpan.FromMinutes(1));
        Assert.Equal([first], await JwksKidsAsync());

        // 2 h before retirement: the successor is published, but the first key still signs.
        await AdvanceToAsync(TimeSpan.FromHours(22));
        var kids = await JwksKidsAsync();
        Assert.Equal(2, kids.Count);
        var second = Assert.Single(kids, k => k != first);
        Assert.Equal(first, KidOf(await SignAsync(Hour)));

        // A token signed by the first key half an hour before it retires.
        await AdvanceToAsync(TimeSpan.FromHours(23.5));
        var lastOfFirst = await SignAsync(Hour);
        Assert.Equal(first, KidOf(lastOfFirst));

        // The second key takes over on schedule; the first stays published and still verifies.
        await AdvanceToAsync(TimeSpan.FromHours(24));
        Assert.Equal(second, KidOf(await SignAsync(Hour)));
        var kidsAfterTakeover = await JwksKidsAsync();
        Assert.Equal(2, kidsAfterTakeover.Count);
        Assert.Contains(first, kidsAfterTakeover);
        Assert.Contains(second, kidsAfterTakeover);
        Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(lastOfFirst)).StatusCode);

        // The token's own expiry ends it, at the exact second (no skew).
        await AdvanceToAsync(TimeSpan.FromHours(24.5) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(lastOfFirst)).StatusCode);
        await AdvanceToAsync(TimeSpan.FromHours(24.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(lastOfFirst)).StatusCode);

        // Retirement + the one-hour token cap: no token of the first key can be alive, so it goes.
        await AdvanceToAsync(TimeSpan.FromHours(25) - TimeSpan.FromSeconds(1));
        Assert.Contains(first, await JwksKidsAsync());
        await AdvanceToAsync(TimeSpan.FromHours(25));
        Assert.Equal([second], await JwksKidsAsync());
    }

    [Fact]
    public async Task RotationService_OnItsOwnTimer_PublishesTheSuccessor()
    {
        Assert.Single(await JwksKidsAsync());

        // The service checks every two hours; at 22 h the successor is due and nobody else asks for it.
        _broker.Time.Advance(TimeSpan.FromHours(22));
        var kids = await JwksKidsAsync();
        for (var attempt = 0; kids.Count < 2 && attempt < 100; attempt++)
        {
            await Task.Delay(50);
            kids = await JwksKidsAsync();
        }

        Assert.Equal(2, kids.Count);
    }

    [Fact]
    public async Task Signer_AfterTheScheduleLapsed_CreatesAnActiveKeyOnDemand()
    {
        var first = Assert.Single(await JwksKidsAsync());

        // Nobody ran the schedule for three days (every instance was down).
        _broker.Time.Advance(TimeSpan.FromDays(3));
        var token = await SignAsync(Hour);

        Assert.NotEqual(first, KidOf(token));
        var probe = await ProbeAsync(token);
        Assert.True(probe.StatusCode == HttpStatusCode.OK, await probe.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Probe_TokenFromAnotherKey_IsRefused()
    {
        using var foreign = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var descriptor = Descriptor(Hour);
        descriptor.SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(foreign) { KeyId = "forged" }, SecurityAlgorithms.EcdsaSha256);
        var forged = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Probe_TokenWithAnotherIssuer_IsRefused()
    {
        var descriptor = Descriptor(Hour);
        descriptor.Issuer = "https://elsewhere.example";
        var token = await _broker.Services.GetRequiredService<TokenSigner>().SignAsync(descriptor);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ProbeAsync(token)).StatusCode);
    }

    private async Task AdvanceToAsync(TimeSpan sinceStart)
    {
        _broker.Time.SetUtcNow(_start + sinceStart);
        await _broker.Services.GetRequiredService<SigningKeyRing>().EnsureScheduleAsync();
    }

    private async Task<List<string>> JwksKidsAsync()
    {
        var jwks = await _client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    private SecurityTokenDescriptor Descriptor(TimeSpan lifetime)
    {
        var now = _broker.Time.GetUtcNow().UtcDateTime;
        return new SecurityTokenDescriptor
        {
            Issuer = "http://localhost",
            Audience = _appId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "probe-user", ["jti"] = Guid.NewGuid().ToString("N") },
        };
    }

    private async Task<string> SignAsync(TimeSpan lifetime) =>
        await _broker.Services.GetRequiredService<TokenSigner>().SignAsync(Descriptor(lifetime));

    private static string KidOf(string token) => new JsonWebToken(token).Kid;

    private async Task<HttpResponseMessage> ProbeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProbeEndpoint.Path);
        request.Headers.Authorization = new("Bearer", token);
        return await _client.SendAsync(request);
    }
}
