using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Hosting;

/// <summary>
/// Settings are read once, at start: no settings file is watched, so the writes of the SQLite file
/// and its log next to them do not wake a file watcher on every commit.
/// </summary>
public sealed class SettingsReadOnceTests
{
    [Fact]
    public void Host_WatchesNoSettingsFile()
    {
        using var broker = new BrokerFactory();

        var configuration = (IConfigurationRoot)broker.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(files, file => file.Source.Path == "appsettings.json");
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched for changes."));
    }

    [Fact]
    public void ReadSettingsOnce_PutsTheHostSettingFirst_SoAnOperatorsArgumentsStillWin()
    {
        var args = HostingSetup.ReadSettingsOnce(["--urls", "http://127.0.0.1:5000", "--hostBuilder:reloadConfigOnChange=true"]);

        Assert.Equal([HostingSetup.ReadSettingsOnceArgument, "--urls", "http://127.0.0.1:5000", "--hostBuilder:reloadConfigOnChange=true"], args);
        var host = new ConfigurationBuilder().AddCommandLine(args).Build();
        Assert.Equal("true", host["hostBuilder:reloadConfigOnChange"]);
    }
}
