using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>The three Agora operations in the OpenAPI document, GET /access_token (outside /v1) included.</summary>
public sealed class AgoraOpenApiTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData("/v1/rtc-tokens", "post", "CreateRtcToken")]
    [InlineData("/v1/rtm-tokens", "post", "CreateRtmToken")]
    [InlineData("/access_token", "get", "GetAgoraAccessToken")]
    public async Task Operation_HasSummaryOperationIdCallerCredentialsAndAnExample(string path, string method, string operationId)
    {
        var json = await _broker.CreateClient().GetStringAsync("/swagger/v1/swagger.json");

        var operation = JsonDocument.Parse(json).RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name));
        Assert.Equal(["App-Token", "Bearer"], schemes.Order(StringComparer.Ordinal));
        var example = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.StartsWith("007", example.GetProperty("token").GetString(), StringComparison.Ordinal);
    }
}
