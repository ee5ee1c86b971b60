using System.Net;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>The OpenAPI document behind Swagger UI: credentials, names and examples for every operation.</summary>
public sealed class SwaggerTests : IDisposable
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    // CONTRACT §2: the management API, whose every route takes Admin-Key.
    private static readonly string[] ManagementPrefixes = ["/v1/apps", "/v1/users"];

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public SwaggerTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData("Admin-Key")]
    [InlineData("App-Secret")]
    [InlineData("App-Token")]
    public async Task Document_DeclaresHeaderApiKeyScheme(string header)
    {
        var schemes = (await GetDocumentAsync()).GetProperty("components").GetProperty("securitySchemes");

        var scheme = schemes.GetProperty(header);
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(header, scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Document_DeclaresHttpBearerScheme()
    {
        var schemes = (await GetDocumentAsync()).GetProperty("components").GetProperty("securitySchemes");

        var scheme = schemes.GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task EveryV1Operation_HasSummaryOperationIdAndSecurityRequirement()
    {
        var document = await GetDocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToHashSet();
        var operations = V1Operations(document).ToList();
        Assert.NotEmpty(operations);

        var problems = new List<string>();
        foreach (var (name, operation) in operations)
        {
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                problems.Add($"{name}: no summary");
            }

            if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
            {
                problems.Add($"{name}: no operationId");
            }

            // CONTRACT §3: activating a tokenId takes no header credential; the tokenId is the credential.
            var named = SecuritySchemeNames(operation);
            if (CredentialFree.Contains(name))
            {
                if (named.Count != 0)
                {
                    problems.Add($"{name}: takes no credential but documents [{string.Join(", ", named)}]");
                }
            }
            else if (named.Count == 0 || !named.All(schemes.Contains))
            {
                problems.Add($"{name}: security requirement names [{string.Join(", ", named)}], not a declared scheme");
            }

            if (ManagementPrefixes.Any(p => name.Split(' ')[1].StartsWith(p, StringComparison.Ordinal)) && !named.Contains("Admin-Key"))
            {
                problems.Add($"{name}: management operation without an Admin-Key security requirement");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static readonly HashSet<string> CredentialFree = ["POST /v1/session-tokens"];

    [Fact]
    public async Task EveryV1Operation_ShowsAnExample()
    {
        var operations = V1Operations(await GetDocumentAsync()).ToList();
        Assert.NotEmpty(operations);

        var missing = operations.Where(o => !HasExample(o.Operation)).Select(o => o.Name).ToList();

        Assert.True(missing.Count == 0, "Operations without a request or success response example:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task SwaggerUi_IsServedAsHtml()
    {
        var response = await _client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SwaggerUi_BareRouteAndAssets_AreServed()
    {
        using var client = _broker.CreateClient(new() { AllowAutoRedirect = false });

        var bare = await client.GetAsync("/swagger");
        var css = await client.GetAsync("/swagger/swagger-ui.css");
        var script = await client.GetAsync("/swagger/swagger-ui-bundle.js");

        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("swagger/index.html", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/swaggerx")]
    [InlineData("/v1/swagger.json")]
    public async Task PathsOutsideSwagger_AreNotServedByIt(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> GetDocumentAsync()
    {
        var response = await _client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        return document;
    }

    private static IEnumerable<(string Name, JsonElement Operation)> V1Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith("/v1/", StringComparison.Ordinal) || path.Name == "/v1"
        from item in path.Value.EnumerateObject()
        where HttpMethods.Contains(item.Name)
        select ($"{item.Name.ToUpperInvariant()} {path.Name}", item.Value);

    private static List<string> SecuritySchemeNames(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(s => s.Name))]
            : [];

    /// <summary>
    /// A request body example, or an example on a 2xx response with a body. A 2xx without a body
    /// (204 No Content) has nothing to show, so an operation whose only success is bodiless counts as shown.
    /// </summary>
    private static bool HasExample(JsonElement operation)
    {
        if (operation.TryGetProperty("requestBody", out var body) && MediaHaveExample(body))
        {
            return true;
        }

        var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
        if (successes.Any(r => MediaHaveExample(r.Value)))
        {
            return true;
        }

        return successes.Count > 0 && successes.All(r => !r.Value.TryGetProperty("content", out _));
    }

    private static bool MediaHaveExample(JsonElement holder) =>
        holder.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)
            || (m.Value.TryGetProperty("examples", out var examples) && examples.EnumerateObject().Any()));
}
