using System.Net;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>CONTRACT §1: errors the framework raises still come back as the contract's problem shape.</summary>
public sealed class FrameworkProblemTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _admin;

    public FrameworkProblemTests() => _admin = _broker.CreateAdminClient();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData("/nope")]
    [InlineData("/v1/nope")]
    [InlineData("/v1/apps/x/y/z")]
    public async Task UnknownRoute_Is404NotFoundProblem(string path)
    {
        var response = await _admin.GetAsync(path);

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemWithErrorMemberAndAllowHeader()
    {
        var response = await _admin.PutAsync("/v1/apps", new StringContent("{}", Encoding.UTF8, "application/json"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"Expected 405, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(405, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));

        // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task JsonRoute_WithOtherContentType_Is415Problem(string contentType)
    {
        var body = new StringContent("{\"name\":\"Acme\",\"redirectUris\":[\"https://acme.example/cb\"]}", Encoding.UTF8, contentType);

        var response = await _admin.PostAsync("/v1/apps", body);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task BodyOver64KiB_Is413Problem()
    {
        var response = await _admin.PostAsync("/v1/apps", new StringContent(LargeJson(), Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task ChunkedBodyOver64KiB_OnKestrel_Is413Problem()
    {
        // Without a Content-Length only the server can count the bytes, so this runs on real Kestrel.
        using var broker = new BrokerFactory();
        broker.UseKestrel(0);
        broker.StartServer();
        var admin = broker.CreateAdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/apps")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(LargeJson()))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request);

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task BodyOfExactly64KiB_IsReadAndValidated()
    {
        const string Prefix = "{\"redirectUris\":[\"https://acme.example/cb\"],\"name\":\"";
        var json = Prefix + new string('a', (64 * 1024) - Prefix.Length - 2) + "\"}";
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(json));

        var response = await _admin.PostAsync("/v1/apps", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblem(response, "name");
    }

    /// <summary>A well-formed create-app body of a little over 64 KiB (a name far over its limit).</summary>
    private static string LargeJson() => "{\"redirectUris\":[\"https://acme.example/cb\"],\"name\":\"" + new string('a', 64 * 1024) + "\"}";
}
