using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.EndToEnd;

/// <summary>
/// A separate ASP.NET Core web app signs its users in with the stock OpenID Connect handler and
/// the broker as Authority, driven by Chromium: discovery, PKCE, the code exchange with the app's
/// secret, id_token validation through the JWKS and the nonce check, all with nothing broker-specific.
/// </summary>
public sealed class OidcClientTests : IAsyncLifetime, IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly ConcurrentQueue<string> _clientLog = new();
    private WebApplication? _client;
    private string _brokerUrl = "";

    public Task InitializeAsync()
    {
        _brokerUrl = LiveBroker.StartOnLoopback(_broker);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(10));
            await _client.DisposeAsync();
        }
    }

    /// <summary>xunit 2 calls this after DisposeAsync (it does not call IAsyncDisposable).</summary>
    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData(OpenIdConnectResponseMode.Query)]
    [InlineData(OpenIdConnectResponseMode.FormPost)]
    public async Task StockOpenIdConnectClient_SignsInThroughBrokerInChromium(string responseMode)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var clientUrl = await StartClientAsync(app, responseMode);
        var callback = clientUrl + "/signin-oidc";

        // The operator registers the client's callback: http on the loopback literal (RFC 8252 §7.3).
        await TestApps.PatchAsync(_broker, app.AppId, new { redirectUris = new[] { callback } });

        await using var chromium = await ChromiumSession.LaunchAsync();
        var page = chromium.Page;

        // Protected page → challenge → the broker's authorization endpoint → its sign-in page.
        await page.GotoAsync(clientUrl + "/me");
        Assert.Equal(_brokerUrl + "/auth/login", page.Url.Split('?', 2)[0]);

        var authorize = Assert.Single(chromium.Requests, url => url.StartsWith(_brokerUrl + "/oauth2/authorize?", StringComparison.Ordinal));
        var request = QueryHelpers.ParseQuery(new Uri(authorize).Query);
        Assert.Equal("code", request["response_type"]);
        Assert.Equal(app.AppId, request["client_id"]);
        Assert.Equal(callback, request["redirect_uri"]);
        Assert.Equal("openid", request["scope"]);
        Assert.Equal("S256", request["code_challenge_method"]);
        Assert.Equal(43, request["code_challenge"].ToString().Length);
        Assert.False(string.IsNullOrEmpty(request["nonce"]), "the handler sends a nonce");
        Assert.False(string.IsNullOrEmpty(request["state"]), "the handler sends a state");

        // Sign in; the browser returns to the client, which redeems the code and shows who signed in.
        await page.FillAsync("input[name=email]", app.Email);
        await page.FillAsync("input[name=password]", app.Password);
        var me = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("form button[type=submit]"),
            response => response.Url == clientUrl + "/me");

        var body = await me.TextAsync();
        Assert.True(me.Status == 200, $"GET /me after sign-in answered {me.Status}: {body}\nOIDC client log:\n{string.Join('\n', _clientLog)}");
        Assert.Equal(clientUrl + "/me", page.Url);
        var user = JsonDocument.Parse(body).RootElement;
        Assert.Equal(app.UserId, user.GetProperty("sub").GetString());
        Assert.Equal(app.Email, user.GetProperty("email").GetString());
        Assert.Single(chromium.Requests, url => url.StartsWith(callback, StringComparison.Ordinal));

        // What the handler saved: an id_token from this issuer for this client with the nonce it sent.
        var tokensResponse = await page.GotoAsync(clientUrl + "/tokens");
        Assert.Equal(200, tokensResponse?.Status);
        var tokens = JsonDocument.Parse(await tokensResponse!.TextAsync()).RootElement;
        Assert.Equal(request["nonce"].ToString(), tokens.GetProperty("nonce").GetString());
        Assert.Equal(_brokerUrl, tokens.GetProperty("iss").GetString());
        Assert.Equal(app.AppId, tokens.GetProperty("aud").GetString());
        Assert.True(tokens.GetProperty("hasAccessToken").GetBoolean());
        Assert.True(tokens.GetProperty("hasRefreshToken").GetBoolean());
    }

    /// <summary>The client web app, on its own Kestrel port on 127.0.0.1; returns its base URL.</summary>
    private async Task<string> StartClientAsync(SsoApp app, string responseMode)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new QueueLoggerProvider(_clientLog));
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(options =>
            {
                options.Authority = _brokerUrl;
                options.RequireHttpsMetadata = false;
                options.ClientId = app.AppId;
                options.ClientSecret = app.Secret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.ResponseMode = responseMode;
                options.UsePkce = true;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.MapInboundClaims = false;
                options.BackchannelTimeout = TimeSpan.FromSeconds(15);
                options.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(2);
            });

        _client = builder.Build();
        _client.UseAuthentication();
        _client.UseAuthorization();
        _client.MapGet("/me", (ClaimsPrincipal user) => Results.Json(new { sub = user.FindFirstValue("sub"), email = user.FindFirstValue("email") }))
            .RequireAuthorization();
        _client.MapGet("/tokens", async (HttpContext context) =>
        {
            var idToken = new JsonWebToken(await context.GetTokenAsync("id_token"));
            return Results.Json(new
            {
                nonce = idToken.GetClaim("nonce").Value,
                iss = idToken.Issuer,
                aud = string.Join(" ", idToken.Audiences),
                hasAccessToken = !string.IsNullOrEmpty(await context.GetTokenAsync("access_token")),
                hasRefreshToken = !string.IsNullOrEmpty(await context.GetTokenAsync("refresh_token")),
            });
        }).RequireAuthorization();

        await _client.StartAsync();
        return LiveBroker.BaseUrl(_client.Services);
    }

    /// <summary>The client's log, shown when the sign-in does not end on /me.</summary>
    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                ArgumentNullException.ThrowIfNull(formatter);
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
        }
    }
}
