using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>Kestrel limits, forwarded headers from known proxies only, and optional HTTPS enforcement.</summary>
public static class HostingSetup
{
    /// <summary>Host setting that keeps the host from watching its settings files for changes.</summary>
    public const string ReadSettingsOnceArgument = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// The command line, with settings read once at start. The broker binds its options when it starts,
    /// so a changed appsettings file takes effect at the next start either way. Watching the files is
    /// not free: the watch covers the whole content root, where the SQLite file and its write-ahead log
    /// live by default, so every commit raised file-system events for the host to read and match
    /// (7.5 % of the broker's CPU on the refresh route; see docs/performance.md). Arguments given
    /// after this one still win.
    /// </summary>
    public static string[] ReadSettingsOnce(string[] args) => [ReadSettingsOnceArgument, .. args];

    public static WebApplicationBuilder ConfigureBrokerHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Limits.MaxBodyBytes;
        });

        var settings = builder.Configuration.GetSection(TokenBrokerOptions.Section).Get<TokenBrokerOptions>() ?? new TokenBrokerOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.ForwardedHeaders.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }
        });
        return builder;
    }

    public static WebApplication UseBrokerHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Configuration.GetSection(TokenBrokerOptions.Section).Get<TokenBrokerOptions>() ?? new TokenBrokerOptions();
        if (settings.ForwardedHeaders.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (settings.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        return app;
    }
}
