using System.Net;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Sso;

/// <summary>
/// When the signing key cannot be used (here: its private key was protected with data-protection keys
/// this broker no longer has), a grant fails as a server error and leaves the code or the refresh
/// token it was given unused, so the client can try again once the key is back.
/// </summary>
public sealed class UnusableSigningKeyTests : IDisposable
{
    private readonly BrokerFactory _first = new();
    private BrokerFactory? _second;

    public void Dispose()
    {
        _second?.Dispose();
        _first.Dispose();
    }

    [Fact]
    public async Task CodeExchange_LeavesTheCodeUnused()
    {
        var app = await SsoFlow.CreateAsync(_first);
        var second = await WithoutDataProtectionKeysAsync();
        var code = await SsoFlow.CodeAsync(second, app);

        var response = await SsoFlow.TokenAsync(second.CreateClient(), app, SsoFlow.CodeForm(app, code));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"server_error\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(code, body, StringComparison.Ordinal);
        Assert.Null(await second.WithStoreAsync(db => db.AuthorizationCodes.Select(c => c.RedeemedAt).SingleAsync()));
        Assert.Equal(0, await second.WithStoreAsync(db => db.RefreshFamilies.CountAsync()));
    }

    [Fact]
    public async Task Refresh_LeavesTheRefreshTokenUnused()
    {
        var app = await SsoFlow.CreateAsync(_first);
        var refresh = (await SsoFlow.TokensAsync(_first, app)).GetProperty("refresh_token").GetString()!;
        var second = await WithoutDataProtectionKeysAsync();

        var response = await SsoFlow.TokenAsync(second.CreateClient(), app, SsoFlow.RefreshForm(app, refresh));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            [(DateTimeOffset?)null],
            await second.WithStoreAsync(db => db.RefreshTokens.Select(t => t.ConsumedAt).ToListAsync()));
    }

    /// <summary>A second broker on the first one's store after its data-protection keys were lost.</summary>
    private async Task<BrokerFactory> WithoutDataProtectionKeysAsync()
    {
        await _first.WithStoreAsync(db => db.DataProtectionKeys.ExecuteDeleteAsync());
        _second = new BrokerFactory(new Dictionary<string, string?> { ["ConnectionStrings:TokenBroker"] = _first.ConnectionString });
        return _second;
    }
}
