using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Tests.Support;

/// <summary>
/// One broker per test: its own SQLite file, its own fake clock, its own log capture.
/// </summary>
public sealed class BrokerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789abcdef";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "tokenbroker-tests", $"{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _configureServices;

    public BrokerFactory(IDictionary<string, string?>? settings = null, string environment = "Testing", Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TokenBroker"] = ConnectionString,
            ["TokenBroker:Bootstrap:AdminKey"] = AdminKey,

            // The fake clock fires a periodic timer once per elapsed period; a long interval keeps
            // big Advance() steps cheap. Rotation tests set their own.
            ["TokenBroker:Signing:CheckInterval"] = "1.00:00:00",

            // Tests move the fake clock days ahead and then look at expired tokenIds and refresh
            // tokens; the purge would delete them under the test. StorePurgerTests set their own.
            ["TokenBroker:Database:PurgeInterval"] = "1.00:00:00",
            ["TokenBroker:Database:KeepExpiredFor"] = "3650.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Starts at a fixed instant so expiry arithmetic in tests is exact.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public LogCapture Logs { get; } = new();

    public string ConnectionString => $"Data Source={_databasePath};Pooling=False";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILogEventSink>(Logs);
            _configureServices?.Invoke(services);
        });
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("Admin-Key", AdminKey);
        return client;
    }

    /// <summary>A scope for looking into the store the way the broker sees it.</summary>
    public async Task<T> WithStoreAsync<T>(Func<TokenBrokerDb, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TokenBrokerDb>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(_databasePath + suffix);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless; the next run uses a new name.
            }
        }
    }
}

public static class HttpClientExtensions
{
    public static void UseBearer(this HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
