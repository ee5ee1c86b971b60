using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>The repository-root appsettings.Development.json, read the way an operator reads it.</summary>
public static class DevelopmentFile
{
    public static JsonElement Read()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TokenBroker.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "The repository root (TokenBroker.sln) was not found above the test binaries.");
        var text = File.ReadAllText(Path.Combine(directory.FullName, "appsettings.Development.json"));
        return JsonDocument.Parse(text).RootElement.GetProperty("TokenBroker").Clone();
    }

    public static string AdminKey(this JsonElement file) => file.GetProperty("Bootstrap").GetProperty("AdminKey").GetString()!;

    public static JsonElement SeedApp(this JsonElement file) => file.GetProperty("Seed").GetProperty("Apps")[0];

    public static JsonElement SeedUser(this JsonElement file) => file.GetProperty("Seed").GetProperty("Users")[0];
}

/// <summary>
/// A Development broker with nothing set above the Development file but its own store: BrokerFactory
/// always sets a bootstrap admin key (as a command-line setting, which outranks the file), so the
/// file's documented dev key can only be observed without it.
/// </summary>
public sealed class DevelopmentBroker : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "tokenbroker-tests", $"{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:TokenBroker", $"Data Source={_databasePath};Pooling=False");
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
/// <summary>Keeps every response body a client received, to check none of them leaks internals.</summary>
public sealed class ResponseRecorder : DelegatingHandler
{
    private readonly List<string> _bodies = [];

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        lock (_bodies)
        {
            _bodies.Add($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode}: {body}");
        }

        return response;
    }
}
