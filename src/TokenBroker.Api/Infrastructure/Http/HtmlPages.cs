using System.Text.Encodings.Web;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>Server-rendered pages for the browser routes (/auth/*): no JavaScript needed.</summary>
public static class HtmlPages
{
    private const string Style = """
        :root { color-scheme: light dark; --accent: #2457d6; }
        * { box-sizing: border-box; }
        body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }
        main { width: min(24rem, 92vw); padding: 2rem; border: 1px solid color-mix(in srgb, CanvasText 15%, transparent); border-radius: 12px; }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        label { display: block; margin: .8rem 0 .3rem; font-weight: 600; }
        input[type=email], input[type=password] { width: 100%; padding: .6rem .7rem; font: inherit; border: 1px solid #888; border-radius: 6px; }
        input:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        button { margin-top: 1.2rem; width: 100%; padding: .7rem; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 6px; cursor: pointer; }
        .error { padding: .6rem .8rem; border-radius: 6px; background: #fde8e8; color: #8a1c1c; }
        .muted { color: GrayText; font-size: .9rem; }
        """;

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>A complete page; <paramref name="body"/> must already be encoded.</summary>
    public static string Layout(string title, string body) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{Encode(title)} · TokenBroker</title>
        <style>{Style}</style>
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(Layout(title, body), "text/html; charset=utf-8", statusCode: status);

    public static IResult Error(int status, string title, string message) =>
        Page(title, $"<h1>{Encode(title)}</h1>\n<p role=\"alert\" class=\"error\">{Encode(message)}</p>", status);

    public static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        await context.Response.WriteAsync(Layout(title, $"<h1>{Encode(title)}</h1>\n<p role=\"alert\" class=\"error\">{Encode(message)}</p>"));
    }
}
