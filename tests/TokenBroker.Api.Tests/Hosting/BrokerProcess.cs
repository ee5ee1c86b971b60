using System.Diagnostics;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>
/// Runs the real broker executable (as an operator would) and waits for it to stop. Start-up
/// failures are checked this way rather than through WebApplicationFactory, whose deferred host
/// can report a disposed service provider instead of the real error when start-up fails under load.
/// </summary>
public static class BrokerProcess
{
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var database = Path.Combine(Path.GetTempPath(), "tokenbroker-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "TokenBroker.Api.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__TokenBroker"] = $"Data Source={database}";
        start.Environment["TokenBroker__Bootstrap__AdminKey"] = "process-admin-key-0123456789abcdef0123456789";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (0, "The broker did not stop within 90 s: " + await stdout);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
