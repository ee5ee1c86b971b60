using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TokenBroker.Api.Tests.Support;

/// <summary>
/// A real coturn (<c>turnserver</c> from Debian's coturn package) on loopback, checking TURN REST
/// credentials with <c>use-auth-secret</c>, and <c>turnutils_uclient</c> to try an allocation.
/// </summary>
public sealed class Coturn : IDisposable
{
    public const string Realm = "tokenbroker.test";

    private readonly Process _server;
    private bool _disposed;

    private Coturn(Process server, int port, string secret)
    {
        _server = server;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }
    public string Secret { get; }

    public static async Task<Coturn> StartAsync(string secret)
    {
        var port = FreeUdpPort();
        var relayBase = 50000 + (port % 1000) * 10;
        var server = Process.Start(new ProcessStartInfo("turnserver")
        {
            ArgumentList =
            {
                "-n", "--listening-ip=127.0.0.1", $"--listening-port={port}", "--relay-ip=127.0.0.1",
                $"--min-port={relayBase}", $"--max-port={relayBase + 9}",
                "--use-auth-secret", $"--static-auth-secret={secret}", $"--realm={Realm}",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--simple-log",
                $"--pidfile=/tmp/tokenbroker-turn-{port}.pid",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("turnserver did not start; install Debian's coturn package.");
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        // coturn binds within a moment; wait until its UDP port is taken (bounded).
        for (var i = 0; i < 100 && !IsUdpPortTaken(port); i++)
        {
            await Task.Delay(50);
        }

        return new Coturn(server, port, secret);
    }

    /// <summary>Runs one allocation with the given credentials; true when coturn accepted them.</summary>
    public async Task<bool> AllocateAsync(string username, string password)
    {
        using var client = Process.Start(new ProcessStartInfo("turnutils_uclient")
        {
            ArgumentList =
            {
                "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", username, "-w", password, "-r", Realm,
                "-n", "1", "-m", "1", "-l", "50", "-e", "127.0.0.1", "-y", "127.0.0.1",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("turnutils_uclient did not start; install Debian's coturn package.");
        var output = client.StandardOutput.ReadToEndAsync();
        _ = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.WaitForExitAsync(timeout.Token);
        var text = await output;
        return client.ExitCode == 0 && !text.Contains("Cannot complete Allocation", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }

        _server.Dispose();
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private static bool IsUdpPortTaken(int port)
    {
        try
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
