using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Management;

/// <summary>
/// CONTRACT §1: never 500 for anything a client sent. Every management route with a JSON body
/// answers each malformed body below with a 4xx problem, never a 5xx.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private static readonly Dictionary<string, byte[]> Bodies = new()
    {
        ["null"] = Utf8("null"),
        ["empty array"] = Utf8("[]"),
        ["string"] = Utf8("\"x\""),
        ["number"] = Utf8("42"),
        ["boolean"] = Utf8("true"),
        ["empty"] = [],
        ["whitespace"] = Utf8("  \n\t "),
        ["truncated"] = Utf8("{\"name\": \"a"),
        ["trailing garbage"] = Utf8("{} xyz"),
        ["objects for every field"] = Utf8("""{"name": {}, "email": {}, "roleId": {}, "permissions": {}, "maxTtl": {}, "redirectUris": {}}"""),
        ["huge number at the root"] = Utf8("1e400"),
        ["huge numbers in fields"] = Utf8("""{"maxTtl": 1e400, "roleId": 1e400, "email": -1e400, "name": 1e400}"""),
        ["integer overflow"] = Utf8("""{"maxTtl": 99999999999999999999999, "roleId": 99999999999999999999999, "email": 1, "name": 1}"""),
        ["deeply nested arrays in a field"] = Utf8("{\"name\": " + new string('[', 10_000) + new string(']', 10_000) + ", \"email\": 1, \"roleId\": 1}"),
        ["deeply nested arrays at the root"] = Utf8(new string('[', 20_000) + new string(']', 20_000)),
        ["deeply nested objects"] = Utf8(string.Concat(Enumerable.Repeat("{\"name\":", 5_000)) + "1" + new string('}', 5_000)),
        ["nulls inside lists"] = Utf8("""{"redirectUris": [null], "permissions": [null], "roleId": null, "turn": {"uris": [null]}}"""),
        ["very long lists"] = Utf8("{\"redirectUris\": [" + string.Join(',', Enumerable.Repeat("\"a\"", 6_000)) + "], \"permissions\": [" + string.Join(',', Enumerable.Repeat("\"a\"", 6_000)) + "]}"),
        ["raw control character in a string"] = Utf8("{\"name\": \"a\u0000b\", \"email\": \"a\u0001@b.c\", \"roleId\": \"r\u0002\"}"),
        ["invalid UTF-8 in strings"] = WithInvalidBytes("""{"name": "a¤b", "email": "a¤@b.c", "roleId": "r¤", "permissions": ["p¤"], "redirectUris": ["https://a.example/¤"]}"""),
        ["truncated UTF-8 sequence in strings"] = WithInvalidBytes("""{"name": "a¦", "email": "a¦@b.c", "roleId": "r¦"}"""),
        ["invalid UTF-8 between tokens"] = WithInvalidBytes("{¤}"),
        ["lone surrogate escapes"] = Utf8("""{"name": "\ud800", "email": "a\udc00@b.c", "roleId": "\ud800", "permissions": ["\ud800"], "redirectUris": ["\udfff"]}"""),
    };

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public MalformedInputTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    public static TheoryData<string> BodyNames => new(Bodies.Keys);

    [Theory]
    [MemberData(nameof(BodyNames))]
    public async Task EveryJsonRoute_MalformedBody_Is4xxProblemNever5xx(string bodyName)
    {
        var failures = new List<string>();
        foreach (var (method, path) in await JsonRoutesAsync())
        {
            var response = await _admin.SendBytesAsync(method, path, Bodies[bodyName]);
            if (await WhyNotA4xxProblemAsync(response) is { } why)
            {
                failures.Add($"{method} {path}: {why}");
            }
        }

        Assert.True(failures.Count == 0, $"Body '{bodyName}':\n" + string.Join('\n', failures));
    }

    /// <summary>RFC 8259 §11 defines no charset for application/json: ignoring it or refusing it are both fine, a 5xx is not.</summary>
    [Theory]
    [InlineData("application/json; charset=foo")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=\"\"")]
    public async Task EveryJsonRoute_UnknownCharset_IsNever5xx(string contentType)
    {
        var failures = new List<string>();
        foreach (var (method, path) in await JsonRoutesAsync())
        {
            var response = await _admin.SendRawAsync(method, path, "{}", contentType);
            var status = (int)response.StatusCode;
            if (status >= 500 || (status >= 400 && await WhyNotA4xxProblemAsync(response) is not null))
            {
                failures.Add($"{method} {path}: {status} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, $"Content-Type '{contentType}':\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task PatchApp_AgoraWithNullFields_Is400()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", """{"agora": {"appId": null, "appCertificate": null}}""");

        await ProblemAssert.IsValidationProblem(response, "agora.appCertificate");
    }

    [Fact]
    public async Task PatchApp_TurnUrisWithANullEntry_Is400NamingIt()
    {
        var appId = await _admin.CreateAppIdAsync();

        var response = await _admin.SendRawAsync(HttpMethod.Patch, $"/v1/apps/{appId}", """{"turn": {"secret": "s3cret-value", "uris": ["turn:t.example", null]}}""");

        await ProblemAssert.IsValidationProblem(response, "turn.uris[1]");
    }

    [Fact]
    public async Task CreateApp_RedirectUrisWithANullEntry_Is400NamingIt()
    {
        var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/apps", """{"name": "Acme", "redirectUris": [null]}""");

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    [Fact]
    public async Task CreateApp_TwentyOneRedirectUris_Is400NamingRedirectUris()
    {
        var uris = Enumerable.Range(0, 21).Select(i => $"https://a.example/cb{i}").ToArray();

        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = uris });

        await ProblemAssert.IsValidationProblem(response, "redirectUris");
    }

    [Fact]
    public async Task CreateApp_RedirectUriOver2048Characters_Is400NamingIt()
    {
        var uri = "https://a.example/" + new string('p', 2048);

        var response = await _admin.PostAsJsonAsync("/v1/apps", new { name = "Acme", redirectUris = new[] { uri } });

        await ProblemAssert.IsValidationProblem(response, "redirectUris[0]");
    }

    /// <summary>Every management route that takes a JSON body, over ids that exist.</summary>
    private async Task<(HttpMethod Method, string Path)[]> JsonRoutesAsync()
    {
        var appId = await _admin.CreateAppIdAsync();
        var roleId = await _admin.CreateRoleIdAsync(appId);
        var userId = await _admin.CreateUserIdAsync();
        return
        [
            (HttpMethod.Post, "/v1/apps"),
            (HttpMethod.Patch, $"/v1/apps/{appId}"),
            (HttpMethod.Post, $"/v1/apps/{appId}/roles"),
            (HttpMethod.Patch, $"/v1/apps/{appId}/roles/{roleId}"),
            (HttpMethod.Post, "/v1/users"),
            (HttpMethod.Put, $"/v1/apps/{appId}/members/{userId}"),
        ];
    }

    private static async Task<string?> WhyNotA4xxProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var shown = body.Length > 300 ? body[..300] + "…" : body;
        if (status is < 400 or >= 500)
        {
            return $"{status} {shown}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} with Content-Type {response.Content.Headers.ContentType?.MediaType ?? "(none)"}";
        }

        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            return json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String && json.GetProperty("status").GetInt32() == status
                ? null
                : $"{status} problem without a matching status and an error code: {shown}";
        }
        catch (JsonException)
        {
            return $"{status} problem that is not JSON: {shown}";
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>UTF-8 of <paramref name="text"/> with each ¤ made a stray 0xFF byte and each ¦ a lead byte missing its continuation.</summary>
    private static byte[] WithInvalidBytes(string text) =>
        [.. text.SelectMany(c => c switch
        {
            '¤' => new byte[] { 0xFF },
            '¦' => new byte[] { 0xE2, 0x82 },
            _ => Encoding.UTF8.GetBytes(c.ToString()),
        })];
}
