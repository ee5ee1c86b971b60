using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>PATCH /v1/apps/{appId}: 200 with the updated resource; TURN and Agora secrets are write-only.</summary>
public sealed class AppsPatchTests : IDisposable
{
    private const string TurnSecret = "turn-shared-secret-7f3a91c2";
    private const string AgoraAppId = "970ca35de60c44645bbae8a215061b33";
    private const string AgoraCertificate = "5cfd2fd1755d40ecb72977518be15d3b";

    private static readonly string[] Fields = ["name", "redirectUris", "developmentMode", "maxTtl", "publicClient", "createdAt"];

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public AppsPatchTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData("name", """{"name": "Renamed"}""", "\"Renamed\"")]
    [InlineData("redirectUris", """{"redirectUris": ["https://b.example/cb", "http://127.0.0.1:9000/cb"]}""", """["https://b.example/cb","http://127.0.0.1:9000/cb"]""")]
    [InlineData("developmentMode", """{"developmentMode": true}""", "true")]
    [InlineData("maxTtl", """{"maxTtl": 3600}""", "3600")]
    [InlineData("publicClient", """{"publicClient": true}""", "true")]
    public async Task PatchApp_OneField_Returns200WithItChangedAndTheOthersUnchanged(string field, string body, string expected)
    {
        var appId = await _admin.CreateAppIdAsync();
        var before = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));

        var patched = await Wire.OkAsync(await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", body));

        Assert.Equal(appId, patched.Str("appId"));
        Assert.Equal(expected, patched.GetProperty(field).GetRawText());
        foreach (var other in Fields.Where(f => f != field))
        {
            Assert.Equal(before.GetProperty(other).GetRawText(), patched.GetProperty(other).GetRawText());
        }

        var read = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));
        Assert.Equal(expected, read.GetProperty(field).GetRawText());
    }

    [Fact]
    public async Task PatchApp_EmptyObject_Returns200AndChangesNothing()
    {
        var appId = await _admin.CreateAppIdAsync();
        var before = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));

        var patched = await Wire.OkAsync(await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", "{}"));

        foreach (var field in Fields)
        {
            Assert.Equal(before.GetProperty(field).GetRawText(), patched.GetProperty(field).GetRawText());
        }
    }

    [Fact]
    public async Task PatchApp_UnknownApp_Is404NotFound()
    {
        var response = await _admin.PatchAsJsonAsync("/v1/apps/0198c9f0-0000-7000-8000-000000000000", new { name = "x" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task NewApp_ShowsNoTurnSecretAndNoAgoraCertificate()
    {
        var appId = await _admin.CreateAppIdAsync();

        var app = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));

        Assert.False(app.GetProperty("turn").GetProperty("secretSet").GetBoolean());
        Assert.False(app.GetProperty("agora").GetProperty("appCertificateSet").GetBoolean());
    }

    [Fact]
    public async Task PatchApp_Turn_ShowsSecretSetAndUrisButNeverTheSecret()
    {
        var appId = await _admin.CreateAppIdAsync();
        var uris = new[] { "turn:turn.acme.example:3478?transport=udp", "turns:turn.acme.example:5349", "stun:stun.acme.example" };

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { turn = new { secret = TurnSecret, uris } });

        var app = await Wire.OkAsync(response);
        var turn = app.GetProperty("turn");
        Assert.True(turn.GetProperty("secretSet").GetBoolean());
        Assert.Equal(uris, turn.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.False(turn.TryGetProperty("secret", out _));
        await AssertNowhereOnTheWireAsync(appId, TurnSecret, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PatchApp_Turn_StoresTheSecretProtectedNotInPlaintext()
    {
        var appId = await _admin.CreateAppIdAsync();

        (await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { turn = new { secret = TurnSecret, uris = new[] { "turn:t.example" } } })).EnsureSuccessStatusCode();

        var stored = await _broker.WithStoreAsync(db => db.Apps.SingleAsync(a => a.Id == appId));
        Assert.False(string.IsNullOrEmpty(stored.TurnSecretProtected));
        Assert.DoesNotContain(TurnSecret, stored.TurnSecretProtected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchApp_Agora_ShowsAppIdAndCertificateSetButNeverTheCertificate()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { agora = new { appId = AgoraAppId, appCertificate = AgoraCertificate } });

        var agora = (await Wire.OkAsync(response)).GetProperty("agora");
        Assert.Equal(AgoraAppId, agora.Str("appId"));
        Assert.True(agora.GetProperty("appCertificateSet").GetBoolean());
        Assert.False(agora.TryGetProperty("appCertificate", out _));
        await AssertNowhereOnTheWireAsync(appId, AgoraCertificate, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PatchApp_Agora_StoresTheCertificateProtectedNotInPlaintext()
    {
        var appId = await _admin.CreateAppIdAsync();

        (await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { agora = new { appId = AgoraAppId, appCertificate = AgoraCertificate } })).EnsureSuccessStatusCode();

        var stored = await _broker.WithStoreAsync(db => db.Apps.SingleAsync(a => a.Id == appId));
        Assert.False(string.IsNullOrEmpty(stored.AgoraCertificateProtected));
        Assert.DoesNotContain(AgoraCertificate, stored.AgoraCertificateProtected, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("970ca35de60c44645bbae8a215061b3")]
    [InlineData("970ca35de60c44645bbae8a215061b333")]
    [InlineData("970ca35de60c44645bbae8a215061b3g")]
    [InlineData("")]
    public async Task PatchApp_AgoraAppIdNot32Hex_Is400NamingAgoraAppId(string agoraAppId)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { agora = new { appId = agoraAppId, appCertificate = AgoraCertificate } });

        await ProblemAssert.IsValidationProblem(response, "agora.appId");
    }

    [Theory]
    [InlineData("5cfd2fd1755d40ecb72977518be15d3")]
    [InlineData("5cfd2fd1755d40ecb72977518be15d3bb")]
    [InlineData("5cfd2fd1755d40ecb72977518be15d3z")]
    [InlineData("")]
    public async Task PatchApp_AgoraCertificateNot32Hex_Is400NamingAgoraAppCertificate(string certificate)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { agora = new { appId = AgoraAppId, appCertificate = certificate } });

        await ProblemAssert.IsValidationProblem(response, "agora.appCertificate");
    }

    [Theory]
    [InlineData("http://turn.acme.example:3478")]
    [InlineData("turn.acme.example:3478")]
    [InlineData("https://turn.acme.example")]
    [InlineData("turn:")]
    [InlineData("")]
    public async Task PatchApp_TurnUriWithoutATurnOrStunScheme_Is400NamingIt(string uri)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { turn = new { secret = TurnSecret, uris = new[] { uri } } });

        await ProblemAssert.IsValidationProblem(response, "turn.uris[0]");
    }

    [Fact]
    public async Task PatchApp_RefusedTurnSettings_ChangeNothing()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.PatchAsJsonAsync($"/v1/apps/{appId}", new { name = "Renamed", turn = new { secret = TurnSecret, uris = new[] { "http://x" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var app = await Wire.OkAsync(await _admin.GetAsync($"/v1/apps/{appId}"));
        Assert.Equal("Acme", app.Str("name"));
        Assert.False(app.GetProperty("turn").GetProperty("secretSet").GetBoolean());
    }

    /// <summary>The secret is in no response: not the PATCH, the GET or the list.</summary>
    private async Task AssertNowhereOnTheWireAsync(string appId, string secret, string patchBody)
    {
        Assert.DoesNotContain(secret, patchBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, await _admin.GetStringAsync($"/v1/apps/{appId}"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, await _admin.GetStringAsync("/v1/apps"), StringComparison.OrdinalIgnoreCase);
    }
}
