using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace TokenBroker.Api.Tests.Support;

/// <summary>Keeps every log event the broker writes, rendered as it would be on the console.</summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter MessageOnly = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    /// <summary>Every message, property and exception as text, so a leak anywhere is found.</summary>
    public string AllText() => string.Join('\n', _events.Select(e =>
        e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)
        + " " + string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))
        + " " + e.Exception));

    /// <summary>An event's message as the console shows it (string values unquoted).</summary>
    public static string Message(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        MessageOnly.Format(logEvent, writer);
        return writer.ToString();
    }
}
