using System.Text.Json;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>
/// The runtime settings the broker ships with (its runtimeconfig.json, built from the project file),
/// as <c>dotnet run</c> and a published broker read them.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void Broker_IdleThreadPoolWorkersDoNotSpin()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TokenBroker.Api.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
