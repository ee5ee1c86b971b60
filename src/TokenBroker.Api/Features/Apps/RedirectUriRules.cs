using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Apps;

/// <summary>
/// Which redirect URIs an app may register. They are later matched exactly (RFC 9700 §4.1.3),
/// so this is the only place a URI's shape is judged.
/// </summary>
public static class RedirectUriRules
{
    private static readonly string[] ForbiddenSchemes = ["javascript", "data", "file", "vbscript", "blob", "about", "filesystem", "ftp", "ws", "wss"];

    public static void Validate(string field, IReadOnlyList<string?>? uris, bool publicClient, RequestValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (uris is null)
        {
            return;
        }

        if (uris.Count > Limits.MaxUris)
        {
            validator.Add(field, $"must have at most {Limits.MaxUris} entries.");
            return;
        }

        if (uris.Distinct(StringComparer.Ordinal).Count() != uris.Count)
        {
            validator.Add(field, "must not repeat a URI.");
        }

        for (var i = 0; i < uris.Count; i++)
        {
            if (Check(uris[i], publicClient) is { } problem)
            {
                validator.Add($"{field}[{i}]", problem);
            }
        }
    }

    /// <summary>Null when the URI may be registered, else why not.</summary>
    public static string? Check(string? value, bool publicClient)
    {
        if (string.IsNullOrEmpty(value) || value.Length > Limits.Uri || RequestValidator.HasControlCharacters(value) || value.Any(char.IsWhiteSpace))
        {
            return $"must be an absolute URL of 1 to {Limits.Uri} characters without spaces.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment.
        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "must not contain a fragment.";
        }

        var scheme = uri.Scheme.ToLowerInvariant();
        if (ForbiddenSchemes.Contains(scheme))
        {
            return $"must not use the '{scheme}' scheme.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not contain user information.";
        }

        return scheme switch
        {
            "https" => string.IsNullOrEmpty(uri.Host) ? "must name a host." : null,

            // RFC 8252 §7.3 / RFC 9700 §2.1: plain http only on the loopback IP literals.
            "http" => IsLoopbackLiteral(value, uri) ? null : "may use http only on 127.0.0.1 or [::1]; use https elsewhere.",

            // RFC 8252 §7.1: native apps may use a private-use scheme in reverse-domain form.
            _ when publicClient && scheme.Contains('.', StringComparison.Ordinal) => null,
            _ when scheme.Contains('.', StringComparison.Ordinal) => "a private-use scheme is allowed only for publicClient apps.",
            _ => "must use https (or http on a loopback IP literal).",
        };
    }

    /// <summary>
    /// The host as written must be the literal 127.0.0.1 or [::1]: Uri normalizes spellings such
    /// as 127.1 or 0x7f.0.0.1 to 127.0.0.1, and exact matching later compares the string as written.
    /// </summary>
    private static bool IsLoopbackLiteral(string value, Uri uri)
    {
        var authority = value[(uri.Scheme.Length + 3)..];
        var end = authority.IndexOfAny(['/', '?']);
        var hostAndPort = end < 0 ? authority : authority[..end];
        var host = hostAndPort.StartsWith('[') ? hostAndPort[..(hostAndPort.IndexOf(']', StringComparison.Ordinal) + 1)] : hostAndPort.Split(':')[0];
        return value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && host is "127.0.0.1" or "[::1]";
    }
}
