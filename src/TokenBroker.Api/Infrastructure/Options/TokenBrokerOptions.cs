using System.ComponentModel.DataAnnotations;

namespace TokenBroker.Api.Infrastructure.Options;

/// <summary>Everything under the <c>TokenBroker</c> configuration section.</summary>
public sealed class TokenBrokerOptions
{
    public const string Section = "TokenBroker";

    /// <summary>Absolute URL used as <c>iss</c>; when empty, the request's own base URL is used.</summary>
    public string? Issuer { get; set; }

    public bool RequireHttps { get; set; }

    [Required]
    public DatabaseOptions Database { get; set; } = new();

    [Required]
    public BootstrapOptions Bootstrap { get; set; } = new();

    [Required]
    public SigningOptions Signing { get; set; } = new();

    [Required]
    public TokenLimitOptions Tokens { get; set; } = new();

    [Required]
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    [Required]
    public BrokeredOptions Brokered { get; set; } = new();

    [Required]
    public CachingOptions Caching { get; set; } = new();

    [Required]
    public SsoOptions Sso { get; set; } = new();

    [Required]
    public RateLimitingOptions RateLimiting { get; set; } = new();
}

public sealed class SsoOptions
{
    /// <summary>How long an authorization code can be redeemed.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Access and ID token lifetime, further capped by the app's and role's maxTtl.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long each refresh token can be used (each use issues a fresh one).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the broker's sign-in cookie lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A consumed refresh token presented again within this time of its use is refused without
    /// revoking the family (a client's own concurrent retry); later, it revokes the family.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class RateLimitingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failed sign-ins per email (and per client address) before sign-in is refused for a while.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The window failures are counted in, and how long sign-in stays refused after too many.</summary>
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class BrokeredOptions
{
    /// <summary>How long after its createTime a tokenId can be activated.</summary>
    public TimeSpan ActivationWindow { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class CachingOptions
{
    /// <summary>How long an instance trusts its copy of an app (secret, settings, roles) read from the store.</summary>
    public TimeSpan AppLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an instance reads revocations other instances wrote.</summary>
    public TimeSpan RevocationRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class DatabaseOptions
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    public const string DefaultSqliteSynchronous = "NORMAL";

    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite's synchronous setting: NORMAL (no fsync per commit in WAL mode) or FULL.</summary>
    public string SqliteSynchronous { get; set; } = DefaultSqliteSynchronous;

    /// <summary>How often expired tokenIds and refresh tokens are deleted (<see cref="Store.StorePurger"/>).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an expired tokenId or refresh token stays in the store before it is deleted. Until
    /// then a late or repeated use is answered precisely (<c>token_expired</c>, <c>token_used</c>, a
    /// reused refresh token revoking its family); afterwards it is unknown.
    /// </summary>
    public TimeSpan KeepExpiredFor { get; set; } = TimeSpan.FromDays(1);
}

public sealed class BootstrapOptions
{
    /// <summary>An admin key stored (hashed) at start when it is not in the store yet.</summary>
    public string? AdminKey { get; set; }
}

public sealed class SigningOptions
{
    /// <summary>How long one key signs before the next one takes over.</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a new key is published in the JWKS before it starts signing.</summary>
    public TimeSpan PrePublishPeriod { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often instances look at the key schedule and reload keys from the store.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class TokenLimitOptions
{
    /// <summary>The global cap on any access or session token (seconds); apps and roles cap further.</summary>
    public int MaxTtl { get; set; } = 604800;
}

public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses whose X-Forwarded-* headers are honoured; none by default.</summary>
    public List<string> KnownProxies { get; set; } = [];
}
