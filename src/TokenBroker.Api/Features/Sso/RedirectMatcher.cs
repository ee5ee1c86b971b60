namespace TokenBroker.Api.Features.Sso;

/// <summary>
/// RFC 9700 §4.1.3: a redirect URI matches a registered one exactly, character for character.
/// The one exception is RFC 8252 §7.3: a public (native) app's loopback redirect may use any port.
/// </summary>
public static class RedirectMatcher
{
    public static string? FindRegistered(IReadOnlyList<string> registered, string requested, bool publicClient)
    {
        ArgumentNullException.ThrowIfNull(registered);
        foreach (var uri in registered)
        {
            if (string.Equals(uri, requested, StringComparison.Ordinal) || (publicClient && SameExceptLoopbackPort(uri, requested)))
            {
                return uri;
            }
        }

        return null;
    }

    private static bool SameExceptLoopbackPort(string registered, string requested)
    {
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var r) || !Uri.TryCreate(requested, UriKind.Absolute, out var q)
            || r.Scheme != Uri.UriSchemeHttp || q.Scheme != Uri.UriSchemeHttp || !r.IsLoopback || requested.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        // Compare everything but the port, as written: scheme, host literal, path and query.
        return string.Equals(WithoutPort(registered, r), WithoutPort(requested, q), StringComparison.Ordinal);
    }

    private static string WithoutPort(string value, Uri uri)
    {
        var hostEnd = value.IndexOf(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", StringComparison.Ordinal);
        return hostEnd < 0 ? value : value[..hostEnd] + uri.Host + value[(hostEnd + (uri.IsDefaultPort ? uri.Host.Length : $"{uri.Host}:{uri.Port}".Length))..];
    }
}
