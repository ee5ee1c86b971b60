namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>
/// One asymmetric key in the rotation schedule. It is published from <see cref="CreatedAt"/>,
/// signs from <see cref="ActivatesAt"/> until <see cref="RetiresAt"/>, and stays published until
/// <see cref="ExpiresAt"/>, when no token it signed can still be alive.
/// </summary>
public sealed class SigningKey
{
    public required string Id { get; set; }

    /// <summary>Position in the schedule; unique, so two instances cannot both add the next key.</summary>
    public int Generation { get; set; }

    public required string Algorithm { get; set; }

    /// <summary>The public key as a JWK (JSON).</summary>
    public required string PublicJwk { get; set; }

    /// <summary>The private key (PKCS#8), protected with Data Protection.</summary>
    public required string PrivateKeyProtected { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ActivatesAt { get; set; }
    public DateTimeOffset RetiresAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
