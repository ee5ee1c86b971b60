namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>A customer application registered by an operator.</summary>
public sealed class App
{
    public required string Id { get; set; }
    public required string Name { get; set; }

    /// <summary>SHA-256 of the app secret; the secret itself is shown once and never stored.</summary>
    public required byte[] SecretHash { get; set; }

    public List<string> RedirectUris { get; set; } = [];
    public bool DevelopmentMode { get; set; }
    public bool PublicClient { get; set; }
    public int MaxTtl { get; set; }

    /// <summary>TURN shared secret, protected with Data Protection (write-only on the API).</summary>
    public string? TurnSecretProtected { get; set; }
    public List<string> TurnUris { get; set; } = [];

    public string? AgoraAppId { get; set; }

    /// <summary>Agora app certificate, protected with Data Protection (write-only on the API).</summary>
    public string? AgoraCertificateProtected { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes on every update so concurrent writers cannot silently overwrite each other.</summary>
    public Guid Version { get; set; }

    public List<Role> Roles { get; set; } = [];
}
