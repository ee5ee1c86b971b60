namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>
/// An OAuth authorization code (stored as a hash), bound to app, user, redirect URI and PKCE
/// challenge. Redeemed at most once: <see cref="RedeemedAt"/> and <see cref="FamilyId"/> are set by
/// one conditional update that also checks every binding.
/// </summary>
public sealed class AuthorizationCode
{
    public required byte[] CodeHash { get; set; }
    public required string AppId { get; set; }
    public required string UserId { get; set; }
    public required string RedirectUri { get; set; }

    /// <summary>False when the client left redirect_uri out (one registered URI); then the token request may too.</summary>
    public bool RedirectUriSent { get; set; }

    /// <summary>BASE64URL(SHA256(code_verifier)) as sent (S256 only), or null without PKCE.</summary>
    public string? CodeChallenge { get; set; }

    public required string Scope { get; set; }
    public string? Nonce { get; set; }
    public DateTimeOffset AuthTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }

    /// <summary>The refresh-token family issued from this code; its tokens are revoked if the code is replayed.</summary>
    public string? FamilyId { get; set; }

    /// <summary>Set when a replay was seen, so a redemption still in flight revokes what it issues.</summary>
    public DateTimeOffset? ReplayedAt { get; set; }
}
