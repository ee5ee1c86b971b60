using System.Net;
using Microsoft.Extensions.Options;

namespace TokenBroker.Api.Infrastructure.Options;

/// <summary>Cross-field and format rules that data annotations cannot express.</summary>
public sealed class TokenBrokerOptionsValidator : IValidateOptions<TokenBrokerOptions>
{
    public const int MinAdminKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, TokenBrokerOptions options)
    {
        var failures = new List<string>();

        if (!string.IsNullOrEmpty(options.Issuer) && !IsValidIssuer(options.Issuer))
        {
            failures.Add("TokenBroker:Issuer must be an absolute http(s) URL without query or fragment.");
        }

        if (options.Database.Provider is not DatabaseOptions.Sqlite)
        {
            failures.Add($"TokenBroker:Database:Provider '{options.Database.Provider}' is not supported by this build; use '{DatabaseOptions.Sqlite}'.");
        }

        if (options.Database.SqliteSynchronous is not ("NORMAL" or "FULL"))
        {
            failures.Add("TokenBroker:Database:SqliteSynchronous must be NORMAL or FULL.");
        }

        if (options.Database.PurgeInterval < TimeSpan.FromSeconds(1) || options.Database.PurgeInterval > TimeSpan.FromDays(1))
        {
            failures.Add("TokenBroker:Database:PurgeInterval must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.Database.KeepExpiredFor < TimeSpan.Zero)
        {
            failures.Add("TokenBroker:Database:KeepExpiredFor must not be negative.");
        }

        if (options.Bootstrap.AdminKey is { } key && (key.Length < MinAdminKeyLength || key.Any(char.IsControl) || key.Any(char.IsWhiteSpace)))
        {
            failures.Add($"TokenBroker:Bootstrap:AdminKey must be at least {MinAdminKeyLength} characters without spaces or control characters.");
        }

        if (options.Tokens.MaxTtl is < 60 or > 604800)
        {
            failures.Add("TokenBroker:Tokens:MaxTtl must be between 60 and 604800 seconds.");
        }

        var signing = options.Signing;
        if (signing.RotationPeriod < TimeSpan.FromHours(1))
        {
            failures.Add("TokenBroker:Signing:RotationPeriod must be at least 01:00:00.");
        }

        if (signing.PrePublishPeriod <= TimeSpan.Zero || signing.PrePublishPeriod >= signing.RotationPeriod)
        {
            failures.Add("TokenBroker:Signing:PrePublishPeriod must be positive and shorter than TokenBroker:Signing:RotationPeriod.");
        }

        if (signing.CheckInterval < TimeSpan.FromSeconds(1) || signing.CheckInterval > signing.PrePublishPeriod)
        {
            failures.Add("TokenBroker:Signing:CheckInterval must be between 00:00:01 and TokenBroker:Signing:PrePublishPeriod.");
        }

        if (options.Brokered.ActivationWindow < TimeSpan.FromSeconds(1) || options.Brokered.ActivationWindow > TimeSpan.FromDays(1))
        {
            failures.Add("TokenBroker:Brokered:ActivationWindow must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.Caching.AppLifetime < TimeSpan.Zero || options.Caching.AppLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add("TokenBroker:Caching:AppLifetime must be between 00:00:00 and 00:10:00.");
        }

        if (options.Caching.RevocationRefreshInterval < TimeSpan.FromMilliseconds(100) || options.Caching.RevocationRefreshInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("TokenBroker:Caching:RevocationRefreshInterval must be between 00:00:00.1 and 00:01:00.");
        }

        var sso = options.Sso;
        if (sso.CodeLifetime < TimeSpan.FromSeconds(1) || sso.CodeLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add("TokenBroker:Sso:CodeLifetime must be between 00:00:01 and 00:10:00 (RFC 6749 §4.1.2).");
        }

        if (sso.AccessTokenLifetime < TimeSpan.FromMinutes(1) || sso.AccessTokenLifetime > TimeSpan.FromSeconds(Store.Limits.MaxAppTtl))
        {
            failures.Add("TokenBroker:Sso:AccessTokenLifetime must be between 00:01:00 and 7.00:00:00.");
        }

        if (sso.RefreshTokenLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add("TokenBroker:Sso:RefreshTokenLifetime must be at least 00:01:00.");
        }

        if (sso.SessionLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add("TokenBroker:Sso:SessionLifetime must be at least 00:01:00.");
        }

        if (sso.RefreshReuseGrace < TimeSpan.Zero || sso.RefreshReuseGrace > TimeSpan.FromMinutes(1))
        {
            failures.Add("TokenBroker:Sso:RefreshReuseGrace must be between 00:00:00 and 00:01:00.");
        }

        if (options.RateLimiting.MaxFailedSignIns < 1 || options.RateLimiting.SignInLockout < TimeSpan.FromSeconds(1))
        {
            failures.Add("TokenBroker:RateLimiting:MaxFailedSignIns must be at least 1 and TokenBroker:RateLimiting:SignInLockout at least 00:00:01.");
        }

        foreach (var proxy in options.ForwardedHeaders.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"TokenBroker:ForwardedHeaders:KnownProxies entry '{proxy}' is not an IP address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidIssuer(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
