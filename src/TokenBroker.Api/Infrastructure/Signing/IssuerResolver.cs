using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// The <c>iss</c> of every token and discovery document: <c>TokenBroker:Issuer</c> when set,
/// otherwise the base URL the request came in on (so a local run works on any <c>--urls</c>).
/// </summary>
public sealed class IssuerResolver(IOptionsMonitor<TokenBrokerOptions> options)
{
    public string GetIssuer(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configured = options.CurrentValue.Issuer;
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.TrimEnd('/');
        }

        var request = context.Request;
        return $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/');
    }
}
