using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenBroker.Api.Tests.Management;

/// <summary>Wire-level helpers for the management API tests: raw requests, setup calls, shape checks.</summary>
internal static partial class Wire
{
    public const string RedirectUri = "https://acme.example/cb";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client, HttpMethod method, string path, string body, string? contentType = "application/json") =>
        client.SendBytesAsync(method, path, Encoding.UTF8.GetBytes(body), contentType);

    public static async Task<HttpResponseMessage> SendBytesAsync(
        this HttpClient client, HttpMethod method, string path, byte[] body, string? contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            // Sent as given, so malformed media types reach the broker too.
            Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await client.SendAsync(request);
    }

    /// <summary>Creates an app (asserting 201) and returns the create response.</summary>
    public static async Task<JsonElement> CreateAppAsync(this HttpClient admin, object? body = null)
    {
        var response = await admin.PostAsJsonAsync("/v1/apps", body ?? new { name = "Acme", redirectUris = new[] { RedirectUri } });
        return await CreatedAsync(response);
    }

    public static async Task<string> CreateAppIdAsync(this HttpClient admin, object? body = null) =>
        (await admin.CreateAppAsync(body)).Str("appId");

    public static async Task<string> CreateRoleIdAsync(this HttpClient admin, string appId, string name = "agent", int? maxTtl = null)
    {
        var response = await admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new { name, permissions = new[] { "turn", "rtc:join" }, maxTtl });
        return (await CreatedAsync(response)).Str("roleId");
    }

    public static async Task<string> CreateUserIdAsync(this HttpClient admin, string email = "ada@acme.example")
    {
        var response = await admin.PostAsJsonAsync("/v1/users", new { email, password = "correct-horse-battery", type = "agent" });
        return (await CreatedAsync(response)).Str("userId");
    }

    public static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>CONTRACT §0: a field ending in <c>At</c> is ISO 8601 in UTC (<c>Z</c> or <c>+00:00</c>).</summary>
    public static DateTimeOffset IsUtcTimestamp(JsonElement value)
    {
        var text = value.GetString();
        Assert.NotNull(text);
        Assert.Matches(UtcTimestamp(), text);
        var parsed = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        return parsed;
    }

    /// <summary>Asserts a list page <c>{items, next}</c> and returns its items and cursor.</summary>
    public static (List<JsonElement> Items, string? Next) IsPage(JsonElement page)
    {
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
        var next = page.GetProperty("next");
        Assert.True(next.ValueKind is JsonValueKind.Null or JsonValueKind.String, $"next must be a string or null, got {next}");
        return (page.GetProperty("items").EnumerateArray().ToList(), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    /// <summary>Follows <c>next</c> from the first page to the last; returns every item seen and each page's size.</summary>
    public static async Task<(List<JsonElement> Items, List<int> PageSizes)> WalkAsync(this HttpClient admin, string path, int limit)
    {
        var items = new List<JsonElement>();
        var sizes = new List<int>();
        string? after = null;
        do
        {
            var url = $"{path}?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var (page, next) = IsPage(await OkAsync(await admin.GetAsync(url)));
            items.AddRange(page);
            sizes.Add(page.Count);
            Assert.True(sizes.Count <= 100, "the cursor never reached the end");
            after = next;
        }
        while (after is not null);

        return (items, sizes);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|\+00:00)$")]
    private static partial Regex UtcTimestamp();
}
