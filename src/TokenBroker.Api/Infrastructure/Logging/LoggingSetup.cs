using Serilog;
using Serilog.Events;

namespace TokenBroker.Api.Infrastructure.Logging;

/// <summary>
/// Structured logs through Serilog. The framework's own request logs print full URLs, query strings
/// included (codes, states, redirect targets), so they are held at Warning and replaced by a
/// request log that records the path only.
/// </summary>
public static class LoggingSetup
{
    /// <summary>
    /// Each host gets its own logger; the static <c>Log.Logger</c> is left alone so several hosts in
    /// one process (tests, side-by-side runs) neither share nor close each other's pipeline.
    /// </summary>
    public static IServiceCollection AddBrokerLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog(
            (provider, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture),
            preserveStaticLogger: true);

    public static IApplicationBuilder UseBrokerRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            // RequestPath is the path alone; never add QueryString, headers or bodies here.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
        });
}
