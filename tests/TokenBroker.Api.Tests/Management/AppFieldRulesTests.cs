using System.Net;
using System.Net.Http.Json;
using System.Text;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>CONTRACT §1 input limits, seen through POST and PATCH /v1/apps.</summary>
public sealed class AppFieldRulesTests : IDisposable
{
    private const int MaxBody = 64 * 1024;

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public AppFieldRulesTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public async Task CreateApp_NameOf1To200Characters_Is201(int length)
    {
        var app = await _admin.CreateAppAsync(new { name = new string('n', length), redirectUris = new[] { Wire.RedirectUri } });

        Assert.Equal(length, app.Str("name").Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0001b")]
    [InlineData("a\nb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    public async Task CreateApp_NameEmptyOrWithControlCharacters_Is400NamingName(string name)
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name, redirectUris = new[] { Wire.RedirectUri } });

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    [Fact]
    public async Task CreateApp_NameOf201Characters_Is400NamingName()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = new string('n', 201), redirectUris = new[] { Wire.RedirectUri } });

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    [Fact]
    public async Task CreateApp_NameMissing_Is400NamingName()
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { redirectUris = new[] { Wire.RedirectUri } });

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(604800)]
    public async Task CreateApp_MaxTtlAtTheBounds_Is201(int maxTtl)
    {
        var app = await _admin.CreateAppAsync(new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl });

        Assert.Equal(maxTtl, app.GetProperty("maxTtl").GetInt32());
    }

    [Theory]
    [InlineData(59)]
    [InlineData(604801)]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task CreateApp_MaxTtlOutside60To604800_Is400NamingMaxTtl(int maxTtl)
    {
        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { Wire.RedirectUri }, maxTtl });

        await ProblemAssert.IsValidationProblem(response, "maxTtl");
    }

    [Theory]
    [InlineData("""{"name": 5, "redirectUris": []}""", "name")]
    [InlineData("""{"name": "Acme", "redirectUris": "x"}""", "redirectUris")]
    [InlineData("""{"name": "Acme", "redirectUris": [5]}""", "redirectUris[0]")]
    [InlineData("""{"name": "Acme", "redirectUris": [], "maxTtl": "60"}""", "maxTtl")]
    [InlineData("""{"name": "Acme", "redirectUris": [], "maxTtl": 60.5}""", "maxTtl")]
    [InlineData("""{"name": "Acme", "redirectUris": [], "developmentMode": "true"}""", "developmentMode")]
    [InlineData("""{"name": "Acme", "redirectUris": [], "publicClient": 1}""", "publicClient")]
    public async Task CreateApp_FieldOfTheWrongJsonType_Is400NamingIt(string body, string field)
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", body);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "a\u0001b"}""", "name")]
    [InlineData("""{"maxTtl": 59}""", "maxTtl")]
    [InlineData("""{"maxTtl": 604801}""", "maxTtl")]
    public async Task PatchApp_FieldBreakingItsRule_Is400NamingIt(string body, string field)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", body);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Theory]
    [InlineData("""{"name": 5}""", "name")]
    [InlineData("""{"maxTtl": "60"}""", "maxTtl")]
    [InlineData("""{"turn": {"uris": "turn:x"}}""", "turn.uris")]
    [InlineData("""{"agora": "x"}""", "agora")]
    public async Task PatchApp_FieldOfTheWrongJsonType_Is400NamingIt(string body, string field)
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", body);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Theory]
    [InlineData("""{"name": "Acme", "redirectUris": [""")]
    [InlineData("""{name: "Acme"}""")]
    [InlineData("""{"name": "Acme",}""")]
    [InlineData("""{"name": "Acme"}}""")]
    [InlineData("""{'name': 'Acme'}""")]
    public async Task CreateApp_MalformedJson_Is400(string body)
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", body);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task CreateApp_UnknownExtraFields_AreIgnored()
    {
        var body = """{"name": "Acme", "redirectUris": [], "color": "blue", "appSecret": "tbs_mine", "nested": {"a": [1, 2]}}""";

        var app = await Wire.CreatedAsync(await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", body));

        Assert.False(app.TryGetProperty("color", out _));
        Assert.NotEqual("tbs_mine", app.Str("appSecret"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("text/json")]
    [InlineData("application/vnd.api+json")]
    [InlineData(null)]
    public async Task CreateApp_ContentTypeNotJson_Is415(string? contentType)
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", """{"name": "Acme", "redirectUris": []}""", contentType);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task PatchApp_ContentTypeNotJson_Is415()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", """{"name": "x"}""", "text/plain");

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task CreateApp_NoBodyAtAll_Is400()
    {
        var response = await _admin.PostAsync("/v1/apps", null);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task CreateApp_EmptyJsonBody_Is400()
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", "");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task CreateApp_BodyOf64KiBExactly_IsNot413()
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", PaddedBody(MaxBody));

        await Wire.CreatedAsync(response);
    }

    [Fact]
    public async Task CreateApp_BodyOver64KiB_Is413()
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", PaddedBody(MaxBody + 1));

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task CreateApp_ChunkedBodyOver64KiB_Is413()
    {
        using var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(PaddedBody(4 * MaxBody))));
        content.Headers.ContentType = new("application/json");
        Assert.Null(content.Headers.ContentLength);

        var response = await _admin.PostAsync("/v1/apps", content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task CreateApp_BodyOver64KiB_CreatesNoApp()
    {
        await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", PaddedBody(MaxBody + 1));

        var (items, _) = Wire.IsPage(await Wire.OkAsync(await _admin.GetAsync("/v1/apps")));
        Assert.Empty(items);
    }

    /// <summary>A valid create body of exactly <paramref name="bytes"/> bytes, padded in an ignored field.</summary>
    private static string PaddedBody(int bytes)
    {
        const string Head = "{\"name\": \"Acme\", \"redirectUris\": [], \"padding\": \"";
        const string Tail = "\"}";
        return Head + new string('x', bytes - Head.Length - Tail.Length) + Tail;
    }

    /// <summary>A body whose length is not known up front, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
