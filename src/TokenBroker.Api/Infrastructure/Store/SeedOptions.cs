namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Demo data for local runs (<c>TokenBroker:Seed</c>, set in appsettings.Development.json).
/// Secrets here are public by design: never seed a production store.
/// </summary>
public sealed class SeedOptions
{
    public const string Section = "TokenBroker:Seed";

    public List<SeedApp> Apps { get; set; } = [];
    public List<SeedUser> Users { get; set; } = [];
}

public sealed class SeedApp
{
    public string AppId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> RedirectUris { get; set; } = [];
    public bool DevelopmentMode { get; set; }
    public bool PublicClient { get; set; }
    public int MaxTtl { get; set; } = Limits.DefaultAppTtl;
    public List<SeedRole> Roles { get; set; } = [];
    public string? AgoraAppId { get; set; }
    public string? AgoraCertificate { get; set; }
    public string? TurnSecret { get; set; }
    public List<string> TurnUris { get; set; } = [];
}

public sealed class SeedRole
{
    public string RoleId { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Permissions { get; set; } = [];
    public int? MaxTtl { get; set; }
}

public sealed class SeedUser
{
    public string UserId { get; set; } = "";
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string Type { get; set; } = "agent";
    public string? DisplayName { get; set; }
    public List<SeedMembership> Memberships { get; set; } = [];
}

public sealed class SeedMembership
{
    public string AppId { get; set; } = "";
    public string RoleId { get; set; } = "";
}
