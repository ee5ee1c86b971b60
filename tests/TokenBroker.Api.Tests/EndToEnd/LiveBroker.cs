using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.EndToEnd;

/// <summary>
/// The per-test broker on real Kestrel on 127.0.0.1, so that a browser and a separate OIDC client
/// reach it over the network as they would in production.
/// </summary>
public static class LiveBroker
{
    /// <summary>
    /// Starts <paramref name="broker"/> on Kestrel at a port the OS picks (no race for a free port)
    /// and returns its base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).
    /// The broker's fake clock is set to now, because the browser and the OIDC client live on the real clock.
    /// </summary>
    public static string StartOnLoopback(BrokerFactory broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        broker.Time.SetUtcNow(DateTimeOffset.UtcNow);
        broker.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        broker.StartServer();
        return BaseUrl(broker.Services);
    }

    /// <summary>The single http address a started server listens on.</summary>
    public static string BaseUrl(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var addresses = services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = Assert.Single(addresses);
        var uri = new Uri(address);
        Assert.Equal(IPAddress.Loopback.ToString(), uri.Host);
        Assert.NotEqual(0, uri.Port);
        return $"http://127.0.0.1:{uri.Port}";
    }

    /// <summary>A port nothing listens on right now, for a redirect URL that the browser's request routing answers.</summary>
    public static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
