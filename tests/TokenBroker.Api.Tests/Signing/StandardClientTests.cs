using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Signing;

/// <summary>
/// A separate resource server configured the standard way (JwtBearer with the broker as
/// Authority) must accept the broker's tokens using only discovery and the JWKS.
/// </summary>
public sealed class StandardClientTests : IAsyncLifetime, IDisposable
{
    private const string Audience = "resource-app";

    private readonly BrokerFactory _broker = new();
    private WebApplication? _resourceServer;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>xunit 2 calls IAsyncLifetime (not IAsyncDisposable) on test classes, then Dispose.</summary>
    public async Task DisposeAsync()
    {
        if (_resourceServer is not null)
        {
            await _resourceServer.DisposeAsync();
        }
    }

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task JwtBearerWithBrokerAsAuthority_AcceptsBrokerToken()
    {
        var client = await StartResourceServerAsync();
        var token = await SignAsync(Audience, TimeSpan.FromMinutes(10));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new("Bearer", token);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user-42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JwtBearerWithBrokerAsAuthority_RefusesTokenForAnotherAudience()
    {
        var client = await StartResourceServerAsync();
        var token = await SignAsync("other-app", TimeSpan.FromMinutes(10));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new("Bearer", token);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task JwtBearerWithBrokerAsAuthority_RefusesTamperedToken()
    {
        var client = await StartResourceServerAsync();
        var token = await SignAsync(Audience, TimeSpan.FromMinutes(10));
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"sub\":\"admin\",\"aud\":\"resource-app\"}")}.{parts[2]}";

        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new("Bearer", tampered);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> StartResourceServerAsync()
    {
        // The resource server runs on the real clock, so the broker's clock is set to now.
        _broker.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _ = _broker.CreateClient();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = "http://localhost";
            options.RequireHttpsMetadata = false;
            options.BackchannelHttpHandler = _broker.Server.CreateHandler();
            options.Audience = Audience;
            options.MapInboundClaims = false;
        });
        _resourceServer = builder.Build();
        _resourceServer.UseAuthentication();
        _resourceServer.UseAuthorization();
        _resourceServer.MapGet("/me", (ClaimsPrincipal user) => user.FindFirstValue("sub")).RequireAuthorization();
        await _resourceServer.StartAsync();
        return _resourceServer.GetTestClient();
    }

    private async Task<string> SignAsync(string audience, TimeSpan lifetime)
    {
        var now = _broker.Time.GetUtcNow().UtcDateTime;
        return await _broker.Services.GetRequiredService<TokenSigner>().SignAsync(new SecurityTokenDescriptor
        {
            Issuer = "http://localhost",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "user-42" },
        });
    }
}
