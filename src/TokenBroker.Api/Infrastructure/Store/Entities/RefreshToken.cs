namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>
/// An opaque, rotating refresh token, stored as its key (<see cref="Secrets.OrderedSecret"/>: time-ordered, then a hash). Each use consumes it and issues the next
/// one in the same family; a consumed token presented again revokes the family (RFC 9700 §4.14.2).
/// </summary>
public sealed class RefreshToken
{
    public required byte[] TokenHash { get; set; }
    public required string FamilyId { get; set; }
    public required string AppId { get; set; }
    public required string UserId { get; set; }
    public required string Scope { get; set; }
    public DateTimeOffset AuthTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>When the token's family was revoked (<see cref="RefreshFamily.RevokedAt"/>), read with the token; not a column.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The access token issued with this refresh token (it carries the family as <c>sid</c>).</summary>
    public required string AccessTokenJti { get; set; }
    public DateTimeOffset AccessTokenExpiresAt { get; set; }
}
