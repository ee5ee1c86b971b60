using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Tests.Agora;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>Apps with Agora settings, calls with a caller credential, and looks inside the tokens returned.</summary>
internal static class AgoraRouteSupport
{
    public const string RtcPath = "/v1/rtc-tokens";
    public const string RtmPath = "/v1/rtm-tokens";

    public static readonly string[] AllPermissions = ["rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data", "rtm:login"];

    /// <summary>An app whose Agora settings are the vendor's vector app id and certificate.</summary>
    public static async Task<TestApp> AgoraAppAsync(BrokerFactory broker, string[]? permissions = null, int appMaxTtl = 86400)
    {
        var app = await TestApps.CreateAsync(broker, permissions: permissions ?? AllPermissions, appMaxTtl: appMaxTtl);
        await TestApps.PatchAsync(broker, app.AppId, new { agora = new { appId = AgoraVectors.AppId, appCertificate = AgoraVectors.AppCertificate } });
        return app;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string session, object body) =>
        PostRawAsync(client, path, session, JsonSerializer.Serialize(body));

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string? session, string? json, string header = "App-Token")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        Authorize(request, session, header);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string pathAndQuery, string? session, string header = "App-Token")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        Authorize(request, session, header);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "A response carrying a token must be Cache-Control: no-store.");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> RtcTokenAsync(HttpClient client, string session, object body) =>
        await OkJsonAsync(await PostAsync(client, RtcPath, session, body));

    /// <summary>Parses the token, checks it names the app's Agora app id and verifies with its certificate.</summary>
    public static AgoraParsedToken2 ParseVerified(string? token)
    {
        Assert.True(AgoraAccessToken2.TryParse(token, out var parsed), $"Not an AccessToken2: {token}");
        Assert.Equal(AgoraVectors.AppId, parsed.AppId);
        Assert.True(AgoraAccessToken2.Verify(parsed, AgoraVectors.AppCertificate));
        Assert.False(AgoraAccessToken2.Verify(parsed, AgoraVectors.OtherCertificate));
        AssertSignedPerVendorAlgorithm(token!);
        return parsed;
    }

    public static AgoraRtcService Rtc(AgoraParsedToken2 parsed) =>
        Assert.IsType<AgoraRtcService>(Assert.Single(parsed.Services));

    public static int[] PrivilegeKeys(AgoraService service) => [.. service.Privileges.Keys.Select(k => (int)k)];

    public static DateTimeOffset At(JsonElement body, string name)
    {
        var text = body.GetProperty(name).GetString()!;
        Assert.True(text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal), $"{name} is not UTC: {text}");
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string[] MemberNames(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];

    /// <summary>
    /// Recomputes the signature from the inflated payload the way VENDOR-FACTS.md describes Agora's
    /// algorithm, without the code under test: HMAC chain over issueTs and salt, then over the info block.
    /// </summary>
    private static void AssertSignedPerVendorAlgorithm(string token)
    {
        var payload = AgoraVectors.Inflate(token);
        var signature = payload.AsSpan(2, BinaryPrimitives.ReadUInt16LittleEndian(payload));
        var info = payload.AsSpan(2 + signature.Length);
        var appIdLength = BinaryPrimitives.ReadUInt16LittleEndian(info);
        var issueTs = info.Slice(2 + appIdLength, 4).ToArray();
        var salt = info.Slice(2 + appIdLength + 8, 4).ToArray();

        var signing = HMACSHA256.HashData(issueTs, Encoding.UTF8.GetBytes(AgoraVectors.AppCertificate));
        signing = HMACSHA256.HashData(salt, signing);
        Assert.Equal(HMACSHA256.HashData(signing, info), signature.ToArray());
    }

    private static void Authorize(HttpRequestMessage request, string? session, string header)
    {
        if (session is null)
        {
            return;
        }

        if (header == "Bearer")
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session);
        }
        else
        {
            request.Headers.Add(header, session);
        }
    }
}
