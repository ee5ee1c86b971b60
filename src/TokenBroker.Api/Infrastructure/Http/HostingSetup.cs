using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>Kestrel limits, forwarded headers from known proxies only, and optional HTTPS enforcement.</summary>
public static class HostingSetup
{
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
