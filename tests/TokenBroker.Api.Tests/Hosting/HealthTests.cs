using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>CONTRACT §0: /healthz is liveness, /readyz is "store reachable and signing key loaded".</summary>
public sealed class HealthTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public HealthTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Healthz_WhileRunning_Is200()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_OnceStarted_Is200()
    {
        var response = await _client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_StoreLostItsSigningKeysTable_Is503_WhileHealthzStays200()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);

        await _broker.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"SigningKeys\";"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readyz_DatabaseFileDeleted_Is503_WhileHealthzStays200()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);
        var path = new SqliteConnectionStringBuilder(_broker.ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
    }
}
