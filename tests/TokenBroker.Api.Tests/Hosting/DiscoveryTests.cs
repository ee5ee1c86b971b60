using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using TokenBroker.Api.Features.Discovery;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>CONTRACT §5: RFC 8414 / OIDC Discovery metadata and the JWKS (RFC 7517).</summary>
public sealed class DiscoveryTests : IDisposable
{
    private const string ConfiguredIssuer = "https://login.acme.example";

    private readonly List<BrokerFactory> _brokers = [];

    public void Dispose()
    {
        foreach (var broker in _brokers)
        {
            broker.Dispose();
        }
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Metadata_IssuerUnset_UsesTheRequestsBaseUrl(string path)
    {
        var client = Track(new BrokerFactory()).CreateClient();

        var metadata = await GetJsonAsync(client, path);

        var baseUrl = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        AssertMetadata(metadata, baseUrl);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Metadata_IssuerConfigured_UsesTheConfiguredIssuer(string path)
    {
        var client = Track(new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:Issuer"] = ConfiguredIssuer })).CreateClient();

        var metadata = await GetJsonAsync(client, path);

        AssertMetadata(metadata, ConfiguredIssuer);
    }

    [Fact]
    public async Task Jwks_PublishesOnlyPublicEs256SigningKeys()
    {
        var client = Track(new BrokerFactory()).CreateClient();

        var jwks = await GetJsonAsync(client, "/.well-known/jwks.json");

        var keys = jwks.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.Equal("ES256", key.GetProperty("alg").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("EC", key.GetProperty("kty").GetString());
            Assert.Equal("P-256", key.GetProperty("crv").GetString());
            Assert.Equal(32, Base64Url.DecodeFromChars(key.GetProperty("x").GetString()!).Length);
            Assert.Equal(32, Base64Url.DecodeFromChars(key.GetProperty("y").GetString()!).Length);
            Assert.False(key.TryGetProperty("d", out _), $"The JWKS publishes a private key: {key}");
        }

        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Jwks_IsCacheableJsonWithItsLength_AndAnsweredByRoutingAlone()
    {
        var broker = Track(new BrokerFactory());
        var client = broker.CreateClient();

        var response = await client.GetAsync(DiscoveryEndpoints.JwksPath);
        var body = await response.Content.ReadAsByteArrayAsync();
        await client.GetAsync(DiscoveryEndpoints.OpenIdMetadataPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.NotEmpty(JsonDocument.Parse(body).RootElement.GetProperty("keys").EnumerateArray());

        // The metadata route goes through the middleware pipeline, so the request log sees it; the
        // JWKS is answered by routing before that pipeline, so it does not.
        var logged = broker.Logs.Events.Select(LogCapture.Message).ToList();
        Assert.Contains(logged, m => m.StartsWith($"HTTP GET {DiscoveryEndpoints.OpenIdMetadataPath} ", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, m => m.Contains(DiscoveryEndpoints.JwksPath, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DiscoveryEndpoints.JwksPath)]
    [InlineData(DiscoveryEndpoints.OpenIdMetadataPath)]
    public async Task HttpsRequired_PlainHttpRequest_IsRedirected(string path)
    {
        var broker = Track(new BrokerFactory(new Dictionary<string, string?>
        {
            ["TokenBroker:RequireHttps"] = "true",
            ["https_port"] = "443",
        }));
        var client = broker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://localhost" + path), response.Headers.Location);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private static void AssertMetadata(JsonElement metadata, string issuer)
    {
        Assert.Equal(issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/oauth2/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "/oauth2/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "/.well-known/jwks.json", metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal(issuer + "/oauth2/revoke", metadata.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(issuer + "/oauth2/introspect", metadata.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(new[] { "S256" }, Strings(metadata, "code_challenge_methods_supported"));
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Contains("code", Strings(metadata, "response_types_supported"));
        Assert.Contains("ES256", Strings(metadata, "id_token_signing_alg_values_supported"));
    }

    private static string[] Strings(JsonElement metadata, string name) =>
        [.. metadata.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private BrokerFactory Track(BrokerFactory broker)
    {
        _brokers.Add(broker);
        return broker;
    }
}
