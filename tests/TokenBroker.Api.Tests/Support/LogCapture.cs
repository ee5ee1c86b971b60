using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace TokenBroker.Api.Tests.Support;

/// <summary>Keeps every log event the broker writes, rendered as it would be on the console.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    /// <summary>Every message, property and exception as text, so a leak anywhere is found.</summary>
    public string AllText() => string.Join('\n', _events.Select(e =>
        e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)
        + " " + string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))
        + " " + e.Exception));
}
