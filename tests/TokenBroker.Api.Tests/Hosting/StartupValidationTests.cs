using System.Net;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>A bad configuration stops the host with a message that names the setting.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly List<BrokerFactory> _brokers = [];

    public void Dispose()
    {
        foreach (var broker in _brokers)
        {
            broker.Dispose();
        }
    }

    [Theory]
    [InlineData("TokenBroker:Issuer", "not a url", "TokenBroker:Issuer")]
    [InlineData("TokenBroker:Issuer", "ftp://x", "TokenBroker:Issuer")]
    [InlineData("TokenBroker:Issuer", "https://x/?q=1", "TokenBroker:Issuer")]
    [InlineData("TokenBroker:Issuer", "https://x/#top", "TokenBroker:Issuer")]
    [InlineData("TokenBroker:Database:Provider", "Oracle", "TokenBroker:Database:Provider")]
    [InlineData("TokenBroker:Bootstrap:AdminKey", "short", "TokenBroker:Bootstrap:AdminKey")]
    [InlineData("TokenBroker:Signing:RotationPeriod", "00:10:00", "TokenBroker:Signing:RotationPeriod")]
    [InlineData("TokenBroker:Tokens:MaxTtl", "10", "TokenBroker:Tokens:MaxTtl")]
    [InlineData("TokenBroker:Database:PurgeInterval", "00:00:00", "TokenBroker:Database:PurgeInterval")]
    [InlineData("TokenBroker:Database:PurgeInterval", "2.00:00:00", "TokenBroker:Database:PurgeInterval")]
    [InlineData("TokenBroker:Database:KeepExpiredFor", "-00:01:00", "TokenBroker:Database:KeepExpiredFor")]
    [InlineData("TokenBroker:ForwardedHeaders:KnownProxies:0", "nope", "TokenBroker:ForwardedHeaders:KnownProxies")]
    public async Task Start_WithBadSetting_FailsNamingTheSetting(string setting, string value, string expectedName)
    {
        var (exitCode, output) = await BrokerProcess.RunUntilExitAsync(new Dictionary<string, string> { [setting] = value });

        Assert.NotEqual(0, exitCode);
        Assert.True(output.Contains(expectedName, StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Start_WithPrePublishPeriodLongerThanRotationPeriod_FailsNamingPrePublishPeriod()
    {
        var (exitCode, output) = await BrokerProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["TokenBroker:Signing:RotationPeriod"] = "1.00:00:00",
            ["TokenBroker:Signing:PrePublishPeriod"] = "2.00:00:00",
        });

        Assert.NotEqual(0, exitCode);
        Assert.True(output.Contains("TokenBroker:Signing:PrePublishPeriod", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Start_WithEveryValidatedSettingValid_ServesRequests()
    {
        var broker = Track(new BrokerFactory(new Dictionary<string, string?>
        {
            ["TokenBroker:Issuer"] = "https://broker.acme.example",
            ["TokenBroker:Database:Provider"] = "Sqlite",
            ["TokenBroker:Database:PurgeInterval"] = "00:00:30",
            ["TokenBroker:Database:KeepExpiredFor"] = "00:00:00",
            ["TokenBroker:Signing:RotationPeriod"] = "1.00:00:00",
            ["TokenBroker:Signing:PrePublishPeriod"] = "02:00:00",
            ["TokenBroker:Signing:CheckInterval"] = "00:01:00",
            ["TokenBroker:Tokens:MaxTtl"] = "3600",
            ["TokenBroker:ForwardedHeaders:KnownProxies:0"] = "10.0.0.1",
        }));

        var client = broker.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    private BrokerFactory Track(BrokerFactory broker)
    {
        _brokers.Add(broker);
        return broker;
    }
}
