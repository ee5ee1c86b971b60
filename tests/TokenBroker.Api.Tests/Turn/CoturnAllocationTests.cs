using System.Net.Http.Json;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Turn;

/// <summary>
/// The broker's TURN credentials against a real coturn with <c>use-auth-secret</c>: accepted in an
/// allocation while valid; refused when tampered with or expired. coturn uses the real clock, so
/// the broker's fake clock is set from it.
/// </summary>
public sealed class CoturnAllocationTests : IAsyncLifetime, IDisposable
{
    private const string TurnSecret = "coturn-shared-secret-0123456789";

    private readonly BrokerFactory _broker = new();
    private Coturn? _coturn;

    public async Task InitializeAsync() => _coturn = await Coturn.StartAsync(TurnSecret);

    /// <summary>xunit also calls <see cref="Dispose"/>, which stops coturn and the broker.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _coturn?.Dispose();
        _broker.Dispose();
    }

    [Fact]
    public async Task Coturn_AcceptsBrokerCredentials_InAnAllocation()
    {
        _broker.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var (username, password) = await CredentialsAsync(ttl: 600);

        Assert.True(await _coturn!.AllocateAsync(username, password));
    }

    [Fact]
    public async Task Coturn_RefusesTamperedPassword()
    {
        _broker.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var (username, password) = await CredentialsAsync(ttl: 600);
        var tampered = (password[0] == 'A' ? "B" : "A") + password[1..];

        Assert.False(await _coturn!.AllocateAsync(username, tampered));
    }

    [Fact]
    public async Task Coturn_RefusesUsernameWithAnotherEndpoint()
    {
        _broker.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var (username, password) = await CredentialsAsync(ttl: 600);
        var otherUser = username.Split(':')[0] + ":mallory";

        Assert.False(await _coturn!.AllocateAsync(otherUser, password));
    }

    [Fact]
    public async Task Coturn_RefusesExpiredCredentials()
    {
        // Issued two hours ago for a one-hour session: expired an hour ago in real time.
        _broker.Time.SetUtcNow(DateTimeOffset.UtcNow.AddHours(-2));
        var (username, password) = await CredentialsAsync(ttl: 3600);

        Assert.True(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.False(await _coturn!.AllocateAsync(username, password));
    }

    private async Task<(string Username, string Password)> CredentialsAsync(int ttl)
    {
        var client = _broker.CreateClient();
        var app = await TestApps.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = TurnSecret, uris = new[] { $"turn:127.0.0.1:{_coturn!.Port}" } } });
        var session = await BrokeredFlow.SessionTokenAsync(client, app, "bobsmith", ttl);
        var response = await BrokeredFlow.SendWithAppTokenAsync(client, HttpMethod.Post, "/v1/turn", session);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("username").GetString()!, body.GetProperty("password").GetString()!);
    }
}
