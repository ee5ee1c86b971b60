namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>A JWT the broker refuses before its <c>exp</c> (logout, revocation), by <c>jti</c>.</summary>
public sealed class RevokedToken
{
    public required string Jti { get; set; }
    public required string AppId { get; set; }
    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>The token's own expiry: after it the row is useless and is removed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Store-assigned order, so instances can read only what is new since their last look.</summary>
    public long Sequence { get; set; }
}
