using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace TokenBroker.Api.Infrastructure.Options;

/// <summary>
/// appsettings.Development.json lives at the repository root and is copied next to the binary.
/// It is loaded from there in Development, right after the environment file the host already
/// looks for, so environment variables and the command line still override it.
/// </summary>
public static class RootDevelopmentSettings
{
    public const string FileName = "appsettings.Development.json";

    public static IConfigurationBuilder AddRootDevelopmentSettings(this IConfigurationManager configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsDevelopment())
        {
            return configuration;
        }

        var source = new JsonConfigurationSource
        {
            Path = FileName,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        var sources = configuration.Sources;
        var index = sources.Select((s, i) => (s, i))
            .LastOrDefault(x => x.s is JsonConfigurationSource { Path: var path } && path is not null && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)).i;
        sources.Insert(index + 1, source);
        return configuration;
    }
}
