using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// A JWT handler that remembers tokens whose signature it has verified. A client presents the same
/// session token on every call, and an ES256 verification costs far more than the rest of a request;
/// a repeat is answered from memory after the cheap checks (issuer, lifetime) run again. Revocation
/// and the app's existence are checked after validation on every request, cached or not.
/// The cache is bounded: when full it is emptied and refills from live traffic.
/// </summary>
public sealed class VerifiedTokenCache : JsonWebTokenHandler
{
    public const int MaxEntries = 8192;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _verified = new(StringComparer.Ordinal);

    public int Count => _verified.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (token is not null && _verified.TryGetValue(token, out var cached) && StillValid(cached, validationParameters))
        {
            return cached;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && token is not null)
        {
            if (_verified.Count >= MaxEntries)
            {
                _verified.Clear();
            }

            _verified[token] = result;
        }

        return result;
    }

    private static bool StillValid(TokenValidationResult cached, TokenValidationParameters parameters)
    {
        var jwt = (JsonWebToken)cached.SecurityToken;
        try
        {
            parameters.IssuerValidator?.Invoke(jwt.Issuer, jwt, parameters);
        }
        catch (SecurityTokenException)
        {
            return false;
        }

        return parameters.LifetimeValidator is not { } lifetime
            || lifetime(jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom, jwt.ValidTo, jwt, parameters);
    }
}
