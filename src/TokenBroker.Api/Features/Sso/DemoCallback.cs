using TokenBroker.Api.Infrastructure.Http;

namespace TokenBroker.Api.Features.Sso;

/// <summary>
/// Development only: the seeded demo app's redirect target, so the SSO flow can be tried with a
/// browser and curl alone. It shows the code and how the app's backend would exchange it.
/// </summary>
public static class DemoCallback
{
    public const string Path = "/demo/callback";

    public static IEndpointRouteBuilder MapDemoCallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Show).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Show(HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = $"{context.Request.Scheme}://{context.Request.Host}{Path}";
        var body = query.ContainsKey("error")
            ? $"<h1>Sign-in refused</h1><p class=\"error\">{HtmlPages.Encode(query["error"])}: {HtmlPages.Encode(query["error_description"])}</p>"
            : $"""
                <h1>Demo app callback</h1>
                <p>The broker redirected here with an authorization code (valid for 60 seconds, once):</p>
                <p><code>{HtmlPages.Encode(query["code"])}</code></p>
                <p class="muted">state: {HtmlPages.Encode(query["state"])} · iss: {HtmlPages.Encode(query["iss"])}</p>
                <p>The demo app's backend exchanges it:</p>
                <pre style="white-space: pre-wrap">curl -X POST {HtmlPages.Encode(context.Request.Scheme + "://" + context.Request.Host)}/v1/access_token \
                  -H 'App-Secret: dev-app-secret-0123456789abcdef0123456789abcdef' -H 'Content-Type: application/json' \
                  -d '{"{"}"grant_type": "code", "authorization_code": "{HtmlPages.Encode(query["code"])}", "redirect_url": "{HtmlPages.Encode(redirect)}"{"}"}'</pre>
                """;
        context.Response.Headers.CacheControl = "no-store";
        return HtmlPages.Page("Demo callback", body);
    }
}
