using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>
/// Turns every error the framework raises (bad JSON, wrong content type, oversized body,
/// unknown route, unhandled exception) into the contract's problem shape, without internals.
/// </summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddBrokerErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("error", Problems.CodeFor(status));
            problem.Detail ??= DefaultDetail(status) ?? problem.Title;
            problem.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<BrokerExceptionHandler>();

        // Client errors are answered, not logged as failures: the middleware would otherwise log
        // each malformed request at Error level.
        services.Configure<ExceptionHandlerOptions>(options =>
            options.SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException);

        // Binding failures raise BadHttpRequestException so the handler below can name the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static string? DefaultDetail(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No such resource or route.",
        StatusCodes.Status405MethodNotAllowed => "This route does not take that method.",
        StatusCodes.Status415UnsupportedMediaType => "This route does not take that Content-Type; JSON routes take application/json.",
        _ => null,
    };

    /// <summary>Refuses bodies over the contract's 64 KiB before anything reads them (413).</summary>
    /// <remarks>
    /// This middleware and the next return the rest of the pipeline's task instead of awaiting it:
    /// an awaiting lambda would box a state machine on every request whose handler waits for a write.
    /// </remarks>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentLength > Limits.MaxBodyBytes)
        {
            return WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"Request bodies are limited to {Limits.MaxBodyBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Limits.MaxBodyBytes;
        }

        return next(context);
    });

    /// <summary>
    /// CONTRACT §1: a JSON route takes <c>application/json</c> in UTF-8 (RFC 8259 §8.1), nothing else.
    /// The framework alone would accept any <c>+json</c> type and fail with a 500 on an unknown charset.
    /// </summary>
    public static IApplicationBuilder UseStrictJsonContentType(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>();
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        return hasBody && accepts is not null && accepts.ContentTypes.Contains("application/json") && !IsUtf8Json(context.Request.ContentType)
            ? WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "This route takes a body of Content-Type application/json in UTF-8.")
            : next(context);
    });

    private static bool IsUtf8Json(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Writes an error in the dialect of the route: an HTML page on browser routes (/auth/*), the
    /// RFC 6749 JSON on OAuth routes, an RFC 9457 problem everywhere else (CONTRACT §1).
    /// </summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string detail, IDictionary<string, string[]>? errors = null, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (path.StartsWithSegments("/auth"))
        {
            await HtmlPages.WriteErrorAsync(context, status, detail);
            return;
        }

        context.Response.StatusCode = status;
        if (OAuthError.IsOAuthPath(path))
        {
            OAuthError.NoStore(context.Response);
            await context.Response.WriteAsJsonAsync(new OAuthErrorBody(error ?? OAuthError.CodeFor(status), detail));
            return;
        }

        ProblemDetails problem = errors is null
            ? new ProblemDetails { Status = status, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Detail = detail };
        if (error is not null)
        {
            problem.Extensions["error"] = error;
        }

        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>Status code pages: an error status with no body gets one, in the route's dialect.</summary>
    public static IApplicationBuilder UseBrokerStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            return WriteProblemAsync(context.HttpContext, status, DefaultDetail(status) ?? ReasonPhrases.GetReasonPhrase(status));
        });

    private sealed partial class BrokerExceptionHandler(ILogger<BrokerExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (httpContext.Response.HasStarted)
            {
                return false;
            }

            if (exception is BadHttpRequestException bad)
            {
                await WriteBadRequestAsync(httpContext, bad);
                return true;
            }

            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            await WriteProblemAsync(httpContext, StatusCodes.Status500InternalServerError, "The broker could not complete the request.");
            return true;
        }

        private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException bad)
        {
            switch (bad.StatusCode)
            {
                case StatusCodes.Status413PayloadTooLarge:
                    return WriteProblemAsync(context, bad.StatusCode, $"Request bodies are limited to {Limits.MaxBodyBytes} bytes.");
                case StatusCodes.Status415UnsupportedMediaType:
                    return WriteProblemAsync(context, bad.StatusCode, "This route takes a body of Content-Type application/json.");
            }

            if (bad.InnerException is JsonException json)
            {
                var field = FieldName(json.Path);
                return field is null
                    ? WriteProblemAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON.")
                    : WriteProblemAsync(context, StatusCodes.Status400BadRequest, "One or more fields are invalid.", new Dictionary<string, string[]> { [field] = ["has the wrong type or is malformed."] });
            }

            var detail = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? "This route needs a JSON body."
                : "The request is malformed.";
            return WriteProblemAsync(context, StatusCodes.Status400BadRequest, detail);
        }

        /// <summary>"$.redirectUris[0]" becomes "redirectUris[0]"; "$" alone names no field.</summary>
        private static string? FieldName(string? path) =>
            path is null || path.Length <= 2 ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
        private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
